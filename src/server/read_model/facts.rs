//! The filter values of every indexed posting, held compactly in memory:
//! filtering, facet counts and ordering run over these, with or without a
//! text query, in one pass.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::model::{
    CONFIRMED_DAYS, Category, CoreHours, DAY, EmploymentType, Facets, HireMode, JobFilter, Level, Location,
    OVERLAP_OPTIONS, Region, Sort, Span, Stack, Time, WorkDay,
};
use crate::server::repo::read_model::IndexRow;

/// One posting's filter values.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    category: Option<Category>,
    level: Option<Level>,
    job_type: Option<EmploymentType>,
    /// A bit per `Stack::ALL` entry.
    stacks: u64,
    /// A bit per place (regions, then countries): where applicants may live.
    places: u64,
    salary_usd_min: i64,
    salary_usd_max: i64,
    verified: bool,
    pub published_at: Time,
    pub expires_at: Time,
    featured: bool,
    /// The team's core hours, if it keeps any.
    core: Option<CoreHours>,
    /// A bit per `HireMode::ALL` entry.
    hire: u8,
    /// A bit per place, as `places`: where it employs people directly.
    employee_in: u64,
    visa: bool,
    /// When the team last confirmed it open, or else published it.
    confirmed_at: Time,
}

/// What the sitemap lists of a posting, kept apart from `Facts` so that
/// searches scan less memory.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// The job page's slug, and the company's.
    pub slug: Box<str>,
    pub company_slug: Box<str>,
    /// When the posting last changed.
    pub updated_at: Time,
    /// Of everything read of the posting but its description (not read at
    /// start; an edit of it moves `updated_at`): a change moves this, the
    /// same on every server reading the same row.
    pub fingerprint: u64,
}

impl Listing {
    pub fn of(row: &IndexRow) -> Listing {
        Listing {
            slug: crate::model::job_slug(&row.title, &row.company_slug, row.id).into(),
            company_slug: row.company_slug.as_str().into(),
            updated_at: row.updated_at,
            fingerprint: fingerprint(row),
        }
    }
}

fn fingerprint(row: &IndexRow) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (row.id, &row.title, &row.company_name, &row.company_slug).hash(&mut h);
    (row.category.slug(), row.level.slug(), row.employment_type.slug()).hash(&mut h);
    row.stacks.0.iter().for_each(|s| s.slug().hash(&mut h));
    row.locations.0.iter().for_each(|l| l.slug().hash(&mut h));
    (row.salary_usd_min, row.salary_usd_max, row.company_verified.0, row.featured.0, row.visa_sponsor.0).hash(&mut h);
    (row.published_at, row.expires_at, row.updated_at, row.confirmed_at).hash(&mut h);
    (row.core_start, row.core_end, row.core_need).hash(&mut h);
    row.hire_modes.0.iter().for_each(|m| m.slug().hash(&mut h));
    row.employee_countries.0.iter().for_each(|l| l.slug().hash(&mut h));
    h.finish()
}

impl Facts {
    pub fn of(row: &IndexRow) -> Facts {
        Facts {
            category: Some(row.category),
            level: Some(row.level),
            job_type: Some(row.employment_type),
            stacks: row.stacks.0.iter().fold(0, |m, s| m | stack_bit(*s)),
            places: row.locations.0.iter().fold(0, |m, l| m | place_bit(*l)),
            salary_usd_min: row.salary_usd_min,
            salary_usd_max: row.salary_usd_max,
            verified: row.company_verified.0,
            published_at: row.published_at,
            expires_at: row.expires_at,
            featured: row.featured.0,
            core: crate::server::repo::jobs::core_hours(row.core_start, row.core_end, row.core_need).ok().flatten(),
            hire: row.hire_modes.0.iter().fold(0, |m, h| m | hire_bit(*h)),
            employee_in: row.employee_countries.0.iter().fold(0, |m, l| m | place_bit(*l)),
            visa: row.visa_sponsor.0,
            confirmed_at: row.confirmed_at,
        }
    }

    /// Whether someone working `day` can give what its core hours need (a
    /// posting without core hours suits every day).
    fn fits(&self, day: &WorkDay) -> bool {
        self.core.is_none_or(|core| core.fit(day))
    }

    /// The least overlap someone working `day`'s hours must give it (0 for
    /// a posting without core hours), or `None` when its hours do not lie
    /// in that day at all.
    fn least_overlap(&self, day: &WorkDay) -> Option<u8> {
        match self.core {
            None => Some(0),
            Some(core) => core.fits_in(day).then_some(core.need),
        }
    }

    /// Whether it employs people directly in `region`, when that is a
    /// country (any other region asks nothing of it).
    fn employs_in(&self, region: Option<Location>) -> bool {
        match region {
            Some(country @ Location::Country(_)) => self.employee_in & place_bit(country) != 0,
            _ => true,
        }
    }

    /// The middle of its salary range, in USD a year.
    pub fn pay(&self) -> i64 {
        (self.salary_usd_min + self.salary_usd_max) / 2
    }

    pub fn category(&self) -> Option<Category> {
        self.category
    }

    pub fn level(&self) -> Option<Level> {
        self.level
    }

    /// Its stacks' places in `Stack::ALL`, in that order.
    pub fn stack_indexes(&self) -> impl Iterator<Item = usize> + use<> {
        let mut bits = self.stacks;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                i
            })
        })
    }

    pub fn is_open(&self, now: Time) -> bool {
        self.expires_at > now
    }
}

fn hire_bit(mode: HireMode) -> u8 {
    HireMode::ALL.iter().position(|h| *h == mode).map_or(0, |i| 1 << i)
}

fn stack_bit(stack: Stack) -> u64 {
    Stack::ALL.iter().position(|s| *s == stack).map_or(0, |i| 1 << i)
}

/// Regions first, then countries, in their lists' order.
fn place_bit(place: Location) -> u64 {
    let index = match place {
        Location::Region(region) => Region::ALL.iter().position(|r| *r == region),
        Location::Country(_) => Location::countries().position(|c| c == place).map(|i| i + Region::ALL.len()),
    };
    index.map_or(0, |i| 1 << i)
}

/// The places whose postings someone living in `place` may apply to.
fn accepted_mask(place: Location) -> u64 {
    place.accepted_by().into_iter().filter_map(Location::parse).fold(0, |m, l| m | place_bit(l))
}

/// Every option of the `region` filter, as the form lists them.
fn place_options() -> impl Iterator<Item = Location> {
    Region::ALL.iter().map(|r| Location::Region(*r)).chain(Location::countries())
}

/// The filter's dimensions: each is a bit of a mask (`Wanted::misses`
/// answers one, `Counts::add` takes one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dimension {
    Category,
    Level,
    Type,
    Stack,
    Region,
    /// The minimum salary, which has no options to count.
    MinSalary,
    Verified,
    Overlap,
    Hire,
    Visa,
    Confirmed,
}

impl Dimension {
    const ALL: [Dimension; 11] = [
        Dimension::Category,
        Dimension::Level,
        Dimension::Type,
        Dimension::Stack,
        Dimension::Region,
        Dimension::MinSalary,
        Dimension::Verified,
        Dimension::Overlap,
        Dimension::Hire,
        Dimension::Visa,
        Dimension::Confirmed,
    ];

    /// Its bit in a mask of dimensions.
    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

const DIMENSIONS: usize = Dimension::ALL.len();

// Each mask holds a bit per value of its dimension, and a mask of
// dimensions a bit per dimension: one outgrowing its mask fails the build,
// not a search.
const _: () = assert!(Stack::ALL.len() <= u64::BITS as usize, "a stack outgrew the stacks mask");
const _: () = assert!(Region::ALL.len() + Location::COUNTRY_COUNT <= u64::BITS as usize, "a place outgrew the mask");
const _: () = assert!(HireMode::ALL.len() <= u8::BITS as usize, "a hire mode outgrew its mask");
const _: () = assert!(DIMENSIONS <= u16::BITS as usize, "a filter dimension outgrew its mask");

/// A filter as bit masks, checked one dimension at a time.
struct Wanted<'a> {
    filter: &'a JobFilter,
    stacks: u64,
    places: u64,
    /// The seeker's day, once both the zone and the overlap are set.
    day: Option<WorkDay>,
    /// With `hire=employee` and a country: that country's bit, which the
    /// posting must employ people in.
    employee_place: Option<u64>,
    hire: u8,
    /// Confirmed open (or published) at or after this.
    confirmed_since: Option<Time>,
}

impl<'a> Wanted<'a> {
    fn new(filter: &'a JobFilter, now: Time) -> Self {
        let employee_place = match (filter.hire, filter.region) {
            (Some(HireMode::Employee), Some(country @ Location::Country(_))) => Some(place_bit(country)),
            _ => None,
        };
        Wanted {
            filter,
            stacks: filter.stacks.iter().fold(0, |m, s| m | stack_bit(*s)),
            places: filter.region.map_or(0, accepted_mask),
            day: filter.day(),
            employee_place,
            hire: filter.hire.map_or(0, hire_bit),
            confirmed_since: filter.confirmed.map(|days| confirmed_since(days, now)),
        }
    }

    /// A bit per dimension the posting fails.
    fn misses(&self, f: &Facts) -> u16 {
        let filter = self.filter;
        let checks = [
            (Dimension::Category, filter.category.is_none_or(|c| f.category == Some(c))),
            (Dimension::Level, filter.level.is_none_or(|l| f.level == Some(l))),
            (Dimension::Type, filter.job_type.is_none_or(|t| f.job_type == Some(t))),
            (Dimension::Stack, self.stacks == 0 || f.stacks & self.stacks != 0),
            (
                Dimension::Region,
                (self.places == 0 || f.places & self.places != 0)
                    && self.employee_place.is_none_or(|bit| f.employee_in & bit != 0),
            ),
            (Dimension::MinSalary, filter.min_salary.is_none_or(|m| f.salary_usd_max >= m)),
            (Dimension::Verified, !filter.verified || f.verified),
            (Dimension::Overlap, self.day.is_none_or(|day| f.fits(&day))),
            (Dimension::Hire, self.hire == 0 || f.hire & self.hire != 0),
            (Dimension::Visa, !filter.visa || f.visa),
            (Dimension::Confirmed, self.confirmed_since.is_none_or(|since| f.confirmed_at >= since)),
        ];
        checks.iter().fold(0, |m, (dimension, ok)| if *ok { m } else { m | dimension.bit() })
    }
}

fn position<T: PartialEq>(all: &[T], value: T) -> Option<usize> {
    all.iter().position(|x| *x == value)
}

fn bump(counts: &mut [u32], index: Option<usize>) {
    if let Some(n) = index.and_then(|i| counts.get_mut(i)) {
        *n += 1;
    }
}

/// Per-option counts, gathered while the results are.
struct Counts {
    category: Vec<u32>,
    level: Vec<u32>,
    job_type: Vec<u32>,
    stacks: [u32; 64],
    /// By the exact set of places, summed per option at the end.
    places: HashMap<u64, u32>,
    /// The same with the employee countries, when the search asks for
    /// employees (kept apart: most searches do not pay for the wider key).
    employee_places: HashMap<(u64, u64), u32>,
    /// The search asks for employees: a country option counts postings
    /// that employ people there.
    employees: bool,
    verified: u32,
    /// The seeker's day (the search's), whose overlap options are counted.
    day: Option<WorkDay>,
    overlap: Vec<u32>,
    /// Where the seeker lives, which the employee option asks about.
    region: Option<Location>,
    hire: Vec<u32>,
    visa: u32,
    confirmed: Vec<u32>,
    /// Each `confirmed` option's moment, in `CONFIRMED_DAYS`' order.
    confirmed_since: Vec<Time>,
}

impl Counts {
    fn new(filter: Option<&JobFilter>, now: Time) -> Self {
        Counts {
            category: vec![0; Category::ALL.len()],
            level: vec![0; Level::ALL.len()],
            job_type: vec![0; EmploymentType::ALL.len()],
            stacks: [0; 64],
            places: HashMap::new(),
            employee_places: HashMap::new(),
            employees: filter.is_some_and(|f| f.hire == Some(HireMode::Employee)),
            verified: 0,
            day: filter.and_then(|f| f.day_in(0)),
            overlap: vec![0; OVERLAP_OPTIONS.len()],
            region: filter.and_then(|f| f.region),
            hire: vec![0; HireMode::ALL.len()],
            visa: 0,
            confirmed: vec![0; CONFIRMED_DAYS.len()],
            confirmed_since: CONFIRMED_DAYS.iter().map(|days| confirmed_since(*days, now)).collect(),
        }
    }

    /// Counts `f` towards the options of the dimensions in `dims` (a bit each).
    fn add(&mut self, f: &Facts, dims: u16) {
        let has = |d: Dimension| dims & d.bit() != 0;
        if has(Dimension::Category) {
            bump(&mut self.category, f.category.and_then(|c| position(Category::ALL, c)));
        }
        if has(Dimension::Level) {
            bump(&mut self.level, f.level.and_then(|l| position(Level::ALL, l)));
        }
        if has(Dimension::Type) {
            bump(&mut self.job_type, f.job_type.and_then(|t| position(EmploymentType::ALL, t)));
        }
        if has(Dimension::Stack) {
            let mut bits = f.stacks;
            while bits != 0 {
                self.stacks[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        if has(Dimension::Region) {
            if self.employees {
                *self.employee_places.entry((f.places, f.employee_in)).or_default() += 1;
            } else {
                *self.places.entry(f.places).or_default() += 1;
            }
        }
        if has(Dimension::Verified) && f.verified {
            self.verified += 1;
        }
        // An option of `overlap` hours counts the posting when its needed
        // hours lie in the day and are no more than that.
        if let Some(least) = self.day.filter(|_| has(Dimension::Overlap)).and_then(|day| f.least_overlap(&day)) {
            for (n, hours) in self.overlap.iter_mut().zip(OVERLAP_OPTIONS) {
                *n += u32::from(*hours >= least);
            }
        }
        if has(Dimension::Hire) && f.hire != 0 {
            let employs = f.employs_in(self.region);
            for (n, mode) in self.hire.iter_mut().zip(HireMode::ALL) {
                *n += u32::from(f.hire & hire_bit(*mode) != 0 && (*mode != HireMode::Employee || employs));
            }
        }
        if has(Dimension::Visa) && f.visa {
            self.visa += 1;
        }
        if has(Dimension::Confirmed) {
            for (n, since) in self.confirmed.iter_mut().zip(&self.confirmed_since) {
                *n += u32::from(f.confirmed_at >= *since);
            }
        }
    }

    fn into_facets(self) -> Facets {
        let mut facets = Facets::default();
        for (c, n) in Category::ALL.iter().zip(&self.category) {
            facets.set("category", c.slug(), *n);
        }
        for (l, n) in Level::ALL.iter().zip(&self.level) {
            facets.set("level", l.slug(), *n);
        }
        for (t, n) in EmploymentType::ALL.iter().zip(&self.job_type) {
            facets.set("type", t.slug(), *n);
        }
        for (s, n) in Stack::ALL.iter().zip(&self.stacks) {
            facets.set("stack", s.slug(), *n);
        }
        for place in place_options() {
            let accepted = accepted_mask(place);
            let employs =
                |employee_in: u64| !matches!(place, Location::Country(_)) || employee_in & place_bit(place) != 0;
            let n: u32 = self.places.iter().filter(|(mask, _)| *mask & accepted != 0).map(|(_, n)| n).sum::<u32>()
                + self
                    .employee_places
                    .iter()
                    .filter(|((mask, employee_in), _)| *mask & accepted != 0 && employs(*employee_in))
                    .map(|(_, n)| n)
                    .sum::<u32>();
            facets.set("region", place.slug(), n);
        }
        facets.set("verified", "1", self.verified);
        if self.day.is_some() {
            for (hours, n) in OVERLAP_OPTIONS.iter().zip(&self.overlap) {
                facets.set("overlap", &hours.to_string(), *n);
            }
        }
        for (mode, n) in HireMode::ALL.iter().zip(&self.hire) {
            facets.set("hire", mode.slug(), *n);
        }
        facets.set("visa", "1", self.visa);
        for (days, n) in CONFIRMED_DAYS.iter().zip(&self.confirmed) {
            facets.set("confirmed", &days.to_string(), *n);
        }
        facets
    }
}

/// The moment a posting must have been confirmed open (or published) since
/// to count as confirmed within `days` of `now`.
fn confirmed_since(days: u16, now: Time) -> Time {
    now - i64::from(days) * DAY
}

/// The newest open postings, at most `limit`: only featured ones if asked.
pub fn newest<'a>(
    all: impl Iterator<Item = (i64, &'a Facts)>,
    limit: usize,
    featured_only: bool,
    now: Time,
) -> Vec<i64> {
    let mut best = Best::new(limit);
    for (id, f) in all.filter(|(_, f)| f.is_open(now) && (f.featured || !featured_only)) {
        best.offer(Ranked(0.0, f.published_at, id));
    }
    best.ids(0)
}

/// Open postings matching `filter` (its text aside: `all` holds the text's
/// matches), newest first, after the `(published_at, id)` cursor `after`,
/// at most `limit`.
pub fn newest_matching<'a>(
    all: impl Iterator<Item = (i64, &'a Facts)>,
    filter: &JobFilter,
    after: Option<(Time, i64)>,
    limit: usize,
    now: Time,
) -> Vec<i64> {
    let wanted = Wanted::new(filter, now);
    let before = |f: &Facts, id: i64| after.is_none_or(|cursor| (f.published_at, id) < cursor);
    let mut best = Best::new(limit);
    for (id, f) in all.filter(|(id, f)| f.is_open(now) && before(f, *id) && wanted.misses(f) == 0) {
        best.offer(Ranked(0.0, f.published_at, id));
    }
    best.ids(0)
}

/// Open postings in `of`'s category other than `id`, those at its level
/// first, then the newest, at most `limit`.
pub fn similar<'a>(
    all: impl Iterator<Item = (i64, &'a Facts)>,
    id: i64,
    of: &Facts,
    limit: usize,
    now: Time,
) -> Vec<i64> {
    let mut best = Best::new(limit);
    for (other, f) in all.filter(|(other, f)| *other != id && f.is_open(now) && f.category == of.category) {
        let same_level = if f.level == of.level { 0.0 } else { -1.0 };
        best.offer(Ranked(same_level, f.published_at, other));
    }
    best.ids(0)
}

/// How many open postings each category has.
pub fn per_category<'a>(all: impl Iterator<Item = &'a Facts>, now: Time) -> Vec<(Category, i64)> {
    let mut counts = Counts::new(None, now);
    for f in all.filter(|f| f.is_open(now)) {
        counts.add(f, Dimension::Category.bit());
    }
    Category::ALL.iter().copied().zip(counts.category.into_iter().map(i64::from)).filter(|(_, n)| *n > 0).collect()
}

/// What a search found: its page of ids, how many in all, and the counts.
#[derive(Debug)]
pub struct Found {
    pub total: i64,
    pub ids: Vec<i64>,
    pub facets: Facets,
}

/// Filters `candidates` (id and text score; every open posting when there
/// is no text), counts facets and returns `filter`'s page in its order.
/// Freshness lifts relevance: a posting's score grows by up to half for
/// being new, halving that lift every two weeks of age.
pub fn select<'a>(candidates: impl Iterator<Item = (i64, f32, &'a Facts)>, filter: &JobFilter, now: Time) -> Found {
    let wanted = Wanted::new(filter, now);
    let mut counts = Counts::new(Some(filter), now);
    let all_dims: u16 = Dimension::ALL.iter().fold(0, |m, d| m | d.bit());
    let sort = filter.effective_sort();
    let rank = |id: i64, score: f32, f: &Facts| rank(sort, id, score, f, now);
    let page_size = crate::model::PAGE_SIZE as usize;
    let start = (filter.page.max(1) as usize - 1) * page_size;
    let mut best = Best::new(start + page_size);
    let mut total = 0;
    for (id, score, facts) in candidates {
        if !facts.is_open(now) {
            continue;
        }
        let misses = wanted.misses(facts);
        match misses.count_ones() {
            0 => {
                counts.add(facts, all_dims);
                total += 1;
                best.offer(rank(id, score, facts));
            }
            1 => counts.add(facts, misses),
            _ => {}
        }
    }
    Found { total, ids: best.ids(start), facets: counts.into_facets() }
}

/// A result's place in `sort`.
fn rank(sort: Sort, id: i64, score: f32, f: &Facts, now: Time) -> Ranked {
    let primary = match sort {
        Sort::Relevance => {
            let age_days = (now - f.published_at).max(Span::ZERO).as_secs() as f64 / DAY.as_secs() as f64;
            f64::from(score) * (1.0 + 0.5 * 0.5f64.powf(age_days / 14.0))
        }
        Sort::Salary => f.salary_usd_max as f64,
        Sort::Newest => 0.0,
        Sort::Confirmed => return Ranked(0.0, f.confirmed_at, id),
    };
    Ranked(primary, f.published_at, id)
}

/// The open postings among `candidates` matching `filter` (its text aside:
/// the candidates are the text's matches), in `/jobs`' order: how many in
/// all, and the best `keep`. What an alert's digest lists.
pub fn ranked<'a>(
    candidates: impl Iterator<Item = (i64, f32, &'a Facts)>,
    filter: &JobFilter,
    keep: usize,
    now: Time,
) -> (i64, Vec<i64>) {
    let wanted = Wanted::new(filter, now);
    let sort = filter.effective_sort();
    let mut best = Best::new(keep);
    let mut total = 0;
    for (id, score, facts) in candidates.filter(|(_, _, f)| f.is_open(now) && wanted.misses(f) == 0) {
        total += 1;
        best.offer(rank(sort, id, score, facts, now));
    }
    (total, best.ids(0))
}

/// The best `keep` results offered so far, the worst of them on top, so
/// that ranking many candidates holds only a page's worth.
struct Best {
    keep: usize,
    heap: BinaryHeap<Reverse<Ranked>>,
}

impl Best {
    fn new(keep: usize) -> Self {
        Best { keep, heap: BinaryHeap::with_capacity(keep + 1) }
    }

    fn offer(&mut self, ranked: Ranked) {
        if self.heap.len() < self.keep {
            self.heap.push(Reverse(ranked));
        } else if self.heap.peek().is_some_and(|Reverse(worst)| ranked > *worst) {
            self.heap.pop();
            self.heap.push(Reverse(ranked));
        }
    }

    /// The ids kept, best first, after the first `skip`.
    fn ids(self, skip: usize) -> Vec<i64> {
        self.heap.into_sorted_vec().into_iter().skip(skip).map(|Reverse(Ranked(.., id))| id).collect()
    }
}

/// A result's place: its score (or salary), then its date, then its id,
/// greater being better.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Ranked(f64, Time, i64);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1)).then(self.2.cmp(&other.2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::repo::columns::{Bit, List};

    #[test]
    fn a_postings_fingerprint_moves_with_what_its_card_shows_and_not_with_how_it_was_read() {
        let row = IndexRow { id: 7, title: "Rust Engineer".into(), ..IndexRow::default() };
        let read_whole = IndexRow { description: "Build the compiler.".into(), ..row.clone() };
        assert_eq!(fingerprint(&row), fingerprint(&read_whole), "read at start without its description");
        let renamed = IndexRow { title: "Go Engineer".into(), ..row.clone() };
        let verified = IndexRow { company_verified: Bit(true), ..row.clone() };
        let paid = IndexRow { salary_usd_max: 150_000, ..row.clone() };
        for changed in [renamed, verified, paid] {
            assert_ne!(fingerprint(&row), fingerprint(&changed));
        }
    }

    #[test]
    fn every_dimension_has_a_bit_of_its_own() {
        for (i, dimension) in Dimension::ALL.iter().enumerate() {
            assert_eq!(*dimension as usize, i, "ALL lists every dimension in order");
        }
        let all = Dimension::ALL.iter().fold(0u16, |m, d| m | d.bit());
        assert_eq!(all.count_ones() as usize, DIMENSIONS);
    }

    fn facts(level: &str, published_at: i64, featured: bool) -> Facts {
        Facts::of(&IndexRow {
            level: Level::from_slug(level).expect("a level"),
            stacks: List::parse("rust,go").expect("stacks"),
            locations: List::parse("europe").expect("a region"),
            salary_usd_max: 100_000,
            published_at: Time::from_unix(published_at),
            expires_at: Time::from_unix(1_000),
            featured: Bit(featured),
            ..IndexRow::default()
        })
    }

    #[test]
    fn similar_jobs_are_at_the_same_level_first_then_newest() {
        let of = facts("senior", 10, false);
        let all = [(1, facts("junior", 50, false)), (2, facts("senior", 20, false)), (3, facts("senior", 30, false))];
        let all = all.iter().map(|(id, f)| (*id, f)).chain([(9, &of)]);
        assert_eq!(similar(all.clone(), 9, &of, 4, Time::EPOCH), vec![3, 2, 1]);
        assert_eq!(similar(all, 9, &of, 2, Time::EPOCH), vec![3, 2]);
    }

    #[test]
    fn newest_keeps_only_open_and_if_asked_featured_postings() {
        let mut expired = facts("senior", 99, true);
        expired.expires_at = Time::EPOCH;
        let all = [(1, facts("senior", 10, true)), (2, facts("senior", 30, false)), (3, facts("senior", 20, true))];
        let all: Vec<(i64, &Facts)> = all.iter().map(|(id, f)| (*id, f)).chain([(4, &expired)]).collect();
        assert_eq!(newest(all.iter().copied(), 10, false, Time::EPOCH), vec![2, 3, 1]);
        assert_eq!(newest(all.iter().copied(), 10, true, Time::EPOCH), vec![3, 1]);
        assert_eq!(newest(all.iter().copied(), 0, false, Time::EPOCH), Vec::<i64>::new());
        assert_eq!(per_category(all.iter().map(|(_, f)| *f), Time::EPOCH), vec![(Category::Backend, 3)]);
    }
}
