//! Where applicants may live: worldwide, a region, or a country. The `region`
//! filter asks "may someone living here apply?", so a country also matches the
//! regions that contain it.

use super::vocab::vocabulary;

vocabulary! {
    /// A broad area a posting may be open to.
    Region {
        Worldwide => "worldwide", "Worldwide";
        Americas => "americas", "Americas";
        Europe => "europe", "Europe";
        Emea => "emea", "EMEA";
        Apac => "apac", "Asia-Pacific";
    }
}

/// Countries we know by ISO 3166 code, their names and the regions they lie in.
const COUNTRIES: &[(&str, &str, &[Region])] = &[
    ("us", "United States", &[Region::Americas]),
    ("ca", "Canada", &[Region::Americas]),
    ("mx", "Mexico", &[Region::Americas]),
    ("br", "Brazil", &[Region::Americas]),
    ("ar", "Argentina", &[Region::Americas]),
    ("co", "Colombia", &[Region::Americas]),
    ("cl", "Chile", &[Region::Americas]),
    ("gb", "United Kingdom", &[Region::Europe, Region::Emea]),
    ("ie", "Ireland", &[Region::Europe, Region::Emea]),
    ("de", "Germany", &[Region::Europe, Region::Emea]),
    ("fr", "France", &[Region::Europe, Region::Emea]),
    ("nl", "Netherlands", &[Region::Europe, Region::Emea]),
    ("es", "Spain", &[Region::Europe, Region::Emea]),
    ("pt", "Portugal", &[Region::Europe, Region::Emea]),
    ("it", "Italy", &[Region::Europe, Region::Emea]),
    ("pl", "Poland", &[Region::Europe, Region::Emea]),
    ("se", "Sweden", &[Region::Europe, Region::Emea]),
    ("ro", "Romania", &[Region::Europe, Region::Emea]),
    ("ua", "Ukraine", &[Region::Europe, Region::Emea]),
    ("za", "South Africa", &[Region::Emea]),
    ("ng", "Nigeria", &[Region::Emea]),
    ("ke", "Kenya", &[Region::Emea]),
    ("eg", "Egypt", &[Region::Emea]),
    ("ae", "United Arab Emirates", &[Region::Emea]),
    ("in", "India", &[Region::Apac]),
    ("sg", "Singapore", &[Region::Apac]),
    ("jp", "Japan", &[Region::Apac]),
    ("au", "Australia", &[Region::Apac]),
    ("nz", "New Zealand", &[Region::Apac]),
    ("ph", "Philippines", &[Region::Apac]),
    ("id", "Indonesia", &[Region::Apac]),
    ("vn", "Vietnam", &[Region::Apac]),
];

/// The English name of a known country code.
pub fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|(c, ..)| *c == code).map(|(_, name, _)| *name)
}

impl super::vocab::Stored for Location {
    fn stored(self) -> &'static str {
        self.slug()
    }

    fn from_stored(text: &str) -> Option<Self> {
        Location::parse(text)
    }
}

/// One place a posting accepts applicants from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    Region(Region),
    /// A lowercase ISO 3166 alpha-2 code from our country list.
    Country(&'static str),
}

impl Location {
    pub const WORLDWIDE: Location = Location::Region(Region::Worldwide);

    /// Parses a region slug or a country code (either case).
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim().to_ascii_lowercase();
        if let Some(region) = Region::from_slug(&raw) {
            return Some(Location::Region(region));
        }
        COUNTRIES.iter().find(|(c, ..)| *c == raw).map(|(c, ..)| Location::Country(c))
    }

    pub fn slug(self) -> &'static str {
        match self {
            Location::Region(r) => r.slug(),
            Location::Country(c) => c,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Location::Region(r) => r.label(),
            Location::Country(c) => country_name(c).unwrap_or(c),
        }
    }

    /// ISO code for schema.org: countries as they are, regions have none.
    pub fn country_code(self) -> Option<String> {
        match self {
            Location::Country(c) => Some(c.to_ascii_uppercase()),
            Location::Region(_) => None,
        }
    }

    /// The stored location slugs that let someone from `self` apply: the place
    /// itself, every region containing it, and worldwide.
    pub fn accepted_by(self) -> Vec<&'static str> {
        let mut slugs = vec![Region::Worldwide.slug()];
        match self {
            Location::Region(Region::Worldwide) => {}
            Location::Region(r) => slugs.push(r.slug()),
            Location::Country(code) => {
                slugs.push(code);
                if let Some((_, _, regions)) = COUNTRIES.iter().find(|(c, ..)| *c == code) {
                    slugs.extend(regions.iter().map(|r| r.slug()));
                }
            }
        }
        slugs
    }

    /// Whether someone living in country `self` may apply to a posting open
    /// to `place`.
    pub fn lies_in(self, place: Location) -> bool {
        self.accepted_by().contains(&place.slug())
    }

    /// The countries we know that make up `self`: a country is itself, a
    /// region its countries, worldwide every one.
    pub fn countries_in(self) -> Vec<Location> {
        Location::countries().filter(|c| c.lies_in(self)).collect()
    }

    /// How many countries `countries` gives.
    pub const COUNTRY_COUNT: usize = COUNTRIES.len();

    /// Every country we know, for the filter's option list.
    pub fn countries() -> impl Iterator<Item = Location> {
        COUNTRIES.iter().map(|(c, ..)| Location::Country(c))
    }
}

impl serde::Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl<'de> serde::Deserialize<'de> for Location {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Location::parse(&raw).ok_or_else(|| serde::de::Error::custom(format!("unknown location `{raw}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_is_accepted_by_its_regions_and_worldwide() {
        let de = Location::parse("DE").unwrap();
        assert_eq!(de, Location::Country("de"));
        let mut accepted = de.accepted_by();
        accepted.sort();
        assert_eq!(accepted, vec!["de", "emea", "europe", "worldwide"]);
    }

    #[test]
    fn worldwide_only_matches_worldwide_postings() {
        assert_eq!(Location::WORLDWIDE.accepted_by(), vec!["worldwide"]);
    }

    #[test]
    fn a_region_is_made_of_its_countries() {
        let de = Location::Country("de");
        assert!(de.lies_in(Location::Region(Region::Europe)) && de.lies_in(Location::WORLDWIDE) && de.lies_in(de));
        assert!(!de.lies_in(Location::Region(Region::Americas)) && !de.lies_in(Location::Country("fr")));
        assert_eq!(de.countries_in(), vec![de]);
        assert!(Location::Region(Region::Americas).countries_in().contains(&Location::Country("br")));
        assert_eq!(Location::WORLDWIDE.countries_in().len(), Location::countries().count());
    }

    #[test]
    fn unknown_places_do_not_parse() {
        assert_eq!(Location::parse("atlantis"), None);
        assert_eq!(Location::parse("zz"), None);
    }
}
