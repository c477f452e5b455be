//! Salary insights from live postings: `/salaries`, `/salaries/{category}`
//! and the salary box of landing pages. The rule is `model::SALARY_RULE`.

use std::collections::BTreeMap;

use super::db::Db;
use super::repo::jobs::{self, PayRow};
use crate::error::AppError;
use crate::model::{Category, Landing, Level, SalaryFigure, SalaryPage, Stack};

/// One posting's yearly USD pay: the middle of its range.
fn midpoint(row: &PayRow) -> i64 {
    (row.salary_usd_min + row.salary_usd_max) / 2
}

fn stacks_of(row: &PayRow) -> impl Iterator<Item = Stack> + '_ {
    row.stacks.split(',').filter_map(Stack::from_slug)
}

fn figure<'a>(rows: impl Iterator<Item = &'a PayRow>) -> SalaryFigure {
    SalaryFigure::of(&mut rows.map(midpoint).collect::<Vec<_>>())
}

/// `/salaries` (no category) or `/salaries/{category}`.
pub async fn page(db: &Db, category: Option<Category>, now: i64) -> Result<SalaryPage, AppError> {
    let rows = jobs::public_pay(db, category, now).await?;
    let level_of = |r: &PayRow| Level::from_slug(&r.level);
    let matrix = match category {
        Some(_) => Vec::new(),
        None => Category::ALL
            .iter()
            .map(|c| {
                let of_category: Vec<&PayRow> = rows.iter().filter(|r| r.category == c.slug()).collect();
                let levels = Level::ALL
                    .iter()
                    .map(|l| figure(of_category.iter().copied().filter(|r| level_of(r) == Some(*l))))
                    .collect();
                (*c, figure(of_category.iter().copied()), levels)
            })
            .collect(),
    };
    let by_level = match category {
        Some(_) => Level::ALL.iter().map(|l| (*l, figure(rows.iter().filter(|r| level_of(r) == Some(*l))))).collect(),
        None => Vec::new(),
    };
    let mut per_stack: BTreeMap<Stack, Vec<i64>> = BTreeMap::new();
    for row in &rows {
        for stack in stacks_of(row) {
            per_stack.entry(stack).or_default().push(midpoint(row));
        }
    }
    let mut by_stack: Vec<(Stack, SalaryFigure)> =
        per_stack.into_iter().map(|(s, mut amounts)| (s, SalaryFigure::of(&mut amounts))).collect();
    by_stack.sort_by_key(|(s, f)| (std::cmp::Reverse(f.postings), *s));
    Ok(SalaryPage { category, overall: figure(rows.iter()), matrix, by_level, by_stack })
}

/// The salary box of a landing page.
pub async fn of_landing(db: &Db, landing: Landing, now: i64) -> Result<SalaryFigure, AppError> {
    Ok(match landing {
        Landing::Category(c) => figure(jobs::public_pay(db, Some(c), now).await?.iter()),
        Landing::Stack(s) => {
            figure(jobs::public_pay(db, None, now).await?.iter().filter(|r| stacks_of(r).any(|x| x == s)))
        }
    })
}
