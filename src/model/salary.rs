//! A posting's pay: a range in a currency per period, and its normalised value in
//! US dollars a year, which the `min_salary` filter and the salary sort use.

use super::vocab::vocabulary;

vocabulary! {
    /// Currencies postings may be paid in.
    Currency {
        Usd => "USD", "USD";
        Eur => "EUR", "EUR";
        Gbp => "GBP", "GBP";
        Cad => "CAD", "CAD";
        Aud => "AUD", "AUD";
        Chf => "CHF", "CHF";
        Inr => "INR", "INR";
    }
}

impl Currency {
    /// US dollars per unit, a fixed reference rate: good enough to compare
    /// ranges, never shown as a price.
    pub fn usd_rate(self) -> f64 {
        match self {
            Currency::Usd => 1.0,
            Currency::Eur => 1.08,
            Currency::Gbp => 1.27,
            Currency::Cad => 0.73,
            Currency::Aud => 0.66,
            Currency::Chf => 1.13,
            Currency::Inr => 0.012,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
            Currency::Cad => "CA$",
            Currency::Aud => "A$",
            Currency::Chf => "CHF ",
            Currency::Inr => "₹",
        }
    }
}

vocabulary! {
    /// What one salary figure pays for.
    SalaryPeriod {
        Year => "year", "a year";
        Month => "month", "a month";
        Hour => "hour", "an hour";
    }
}

impl SalaryPeriod {
    /// Periods in a working year (2,080 hours: 52 weeks of 40).
    pub fn per_year(self) -> f64 {
        match self {
            SalaryPeriod::Year => 1.0,
            SalaryPeriod::Month => 12.0,
            SalaryPeriod::Hour => 2080.0,
        }
    }

    /// schema.org's `unitText`.
    pub fn schema_org(self) -> &'static str {
        match self {
            SalaryPeriod::Year => "YEAR",
            SalaryPeriod::Month => "MONTH",
            SalaryPeriod::Hour => "HOUR",
        }
    }
}

/// A salary range as the employer states it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SalaryRange {
    pub min: i64,
    pub max: i64,
    pub currency: Currency,
    pub period: SalaryPeriod,
}

impl SalaryRange {
    /// `min` and `max` in US dollars a year, rounded to the dollar.
    pub fn usd_per_year(&self) -> (i64, i64) {
        let factor = self.currency.usd_rate() * self.period.per_year();
        let convert = |v: i64| (v as f64 * factor).round() as i64;
        (convert(self.min), convert(self.max))
    }

    /// "$120k – $150k a year", "€45 – €60 an hour".
    pub fn display(&self) -> String {
        let amount = |v: i64| {
            if v >= 10_000 && v % 1_000 == 0 {
                format!("{}{}k", self.currency.symbol(), v / 1_000)
            } else {
                format!("{}{}", self.currency.symbol(), group_thousands(v))
            }
        };
        let range = if self.min == self.max {
            amount(self.min)
        } else {
            format!("{} – {}", amount(self.min), amount(self.max))
        };
        format!("{range} {}", self.period.label())
    }
}

fn group_thousands(v: i64) -> String {
    let digits = v.abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_to_usd_a_year() {
        let hourly = SalaryRange { min: 50, max: 60, currency: Currency::Eur, period: SalaryPeriod::Hour };
        assert_eq!(hourly.usd_per_year(), (112_320, 134_784));
        let yearly = SalaryRange { min: 100_000, max: 120_000, currency: Currency::Usd, period: SalaryPeriod::Year };
        assert_eq!(yearly.usd_per_year(), (100_000, 120_000));
    }

    #[test]
    fn displays_compactly() {
        let r = SalaryRange { min: 120_000, max: 150_000, currency: Currency::Usd, period: SalaryPeriod::Year };
        assert_eq!(r.display(), "$120k – $150k a year");
        let r = SalaryRange { min: 6_500, max: 8_250, currency: Currency::Gbp, period: SalaryPeriod::Month };
        assert_eq!(r.display(), "£6,500 – £8,250 a month");
    }
}
