//! Salary insights: quartiles of what published postings pay, in US dollars
//! a year, by category, level and stack.

use serde::{Deserialize, Serialize};

use super::vocab::{Category, Level, Stack};

/// No figure is shown for fewer postings than this.
pub const MIN_POSTINGS: usize = 5;

/// How every figure is computed, as the page states it.
pub const SALARY_RULE: &str = "Each published posting counts once, at the middle of its salary range, converted to \
    US dollars a year: other currencies at fixed reference rates (EUR 1.08, GBP 1.27, CAD 0.73, AUD 0.66, \
    CHF 1.13, INR 0.012), monthly pay × 12, hourly pay × 2,080 (52 weeks of 40 hours). The 25th percentile, \
    median and 75th percentile interpolate between neighbouring postings. A figure needs at least five postings.";

/// The 25th percentile, median and 75th percentile, in USD a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quartiles {
    pub p25: i64,
    pub median: i64,
    pub p75: i64,
}

/// What a group of postings pays: how many there are, and quartiles when
/// there are enough of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalaryFigure {
    pub postings: usize,
    pub quartiles: Option<Quartiles>,
}

impl SalaryFigure {
    /// The figure of these yearly USD amounts (sorted in place).
    pub fn of(amounts: &mut [i64]) -> SalaryFigure {
        amounts.sort_unstable();
        let quartiles = (amounts.len() >= MIN_POSTINGS).then(|| Quartiles {
            p25: percentile(amounts, 0.25),
            median: percentile(amounts, 0.5),
            p75: percentile(amounts, 0.75),
        });
        SalaryFigure { postings: amounts.len(), quartiles }
    }
}

/// Linear interpolation between closest ranks of sorted, non-empty `values`.
fn percentile(values: &[i64], p: f64) -> i64 {
    let rank = p * (values.len() - 1) as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    let weight = rank - low as f64;
    (values[low] as f64 + (values[high] - values[low]) as f64 * weight).round() as i64
}

/// "$123k": figures rounded to the thousand.
pub fn usd_thousands(amount: i64) -> String {
    format!("${}k", (amount + 500) / 1_000)
}

/// What `/salaries` or `/salaries/{category}` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalaryPage {
    /// `None` for all categories.
    pub category: Option<Category>,
    pub overall: SalaryFigure,
    /// On `/salaries`: each category's figure for every level (in
    /// `Level::ALL` order) and in all.
    pub matrix: Vec<(Category, SalaryFigure, Vec<SalaryFigure>)>,
    /// On `/salaries/{category}`: one figure per level.
    pub by_level: Vec<(Level, SalaryFigure)>,
    /// Stacks with postings, most postings first.
    pub by_stack: Vec<(Stack, SalaryFigure)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_and_need_five_postings() {
        let figure = SalaryFigure::of(&mut [100, 300, 200, 500, 400]);
        assert_eq!(figure.quartiles, Some(Quartiles { p25: 200, median: 300, p75: 400 }));
        let figure = SalaryFigure::of(&mut [10, 20, 30, 40, 50, 60]);
        assert_eq!(figure.quartiles, Some(Quartiles { p25: 23, median: 35, p75: 48 }));
        let few = SalaryFigure::of(&mut [1, 2, 3, 4]);
        assert_eq!((few.postings, few.quartiles), (4, None));
        assert_eq!(SalaryFigure::of(&mut []).postings, 0);
        assert_eq!(usd_thousands(123_456), "$123k");
    }
}
