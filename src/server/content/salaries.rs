//! Salary insights from live postings: `/salaries`, `/salaries/{category}`
//! and the salary box of landing pages. The rule is `model::SALARY_RULE`;
//! the figures come from the search engine, which keeps them until a
//! posting (or the clock) changes them.

use crate::error::AppError;
use crate::model::{Category, Landing, Level, SalaryFigure, SalaryPage, Time};
use crate::server::db::Db;
use crate::server::read_model::ReadModel;

/// `/salaries` (no category) or `/salaries/{category}`.
pub async fn page(db: &Db, engine: &ReadModel, category: Option<Category>, now: Time) -> Result<SalaryPage, AppError> {
    let pay = engine.pay(db, now).await?;
    let levels = |c: Category| Level::ALL.iter().map(|l| pay.of_level(c, *l)).collect();
    let (overall, matrix, by_level) = match category {
        None => {
            let matrix = Category::ALL.iter().map(|c| (*c, pay.of_category(*c), levels(*c))).collect();
            (pay.overall(), matrix, Vec::new())
        }
        Some(c) => {
            let by_level = Level::ALL.iter().map(|l| (*l, pay.of_level(c, *l))).collect();
            (pay.of_category(c), Vec::new(), by_level)
        }
    };
    Ok(SalaryPage { category, overall, matrix, by_level, by_stack: pay.by_stack(category) })
}

/// The salary box of a landing page.
pub async fn of_landing(db: &Db, engine: &ReadModel, landing: Landing, now: Time) -> Result<SalaryFigure, AppError> {
    let pay = engine.pay(db, now).await?;
    Ok(match landing {
        Landing::Category(c) => pay.of_category(c),
        Landing::Stack(s) => pay.of_stack(s),
    })
}
