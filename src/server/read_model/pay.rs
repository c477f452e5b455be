//! What the open postings pay, per group the salary pages and landing pages
//! show, from one pass over the index's facts.

use crate::model::{Category, Level, SalaryFigure, Stack};
use crate::server::read_model::facts::Facts;

/// The figures of every group: all postings, each category, each category
/// and level, each stack, each category and stack.
#[derive(Debug)]
pub struct Pay {
    overall: SalaryFigure,
    category: Vec<SalaryFigure>,
    category_level: Vec<Vec<SalaryFigure>>,
    stack: Vec<SalaryFigure>,
    category_stack: Vec<Vec<SalaryFigure>>,
}

fn index<T: PartialEq>(all: &[T], value: T) -> Option<usize> {
    all.iter().position(|x| *x == value)
}

fn figures(groups: Vec<Vec<i64>>) -> Vec<SalaryFigure> {
    groups.into_iter().map(|mut amounts| SalaryFigure::of(&mut amounts)).collect()
}

const NONE: SalaryFigure = SalaryFigure { postings: 0, quartiles: None };

impl Pay {
    /// The figures of the postings `open`.
    pub fn of<'a>(open: impl Iterator<Item = &'a Facts>) -> Pay {
        let (categories, levels, stacks) = (Category::ALL.len(), Level::ALL.len(), Stack::ALL.len());
        let mut overall = Vec::new();
        let mut category = vec![Vec::new(); categories];
        let mut category_level = vec![vec![Vec::new(); levels]; categories];
        let mut stack = vec![Vec::new(); stacks];
        let mut category_stack = vec![vec![Vec::new(); stacks]; categories];
        for facts in open {
            let pay = facts.pay();
            overall.push(pay);
            let of_category = facts.category().and_then(|c| index(Category::ALL, c));
            for s in facts.stack_indexes() {
                if let Some(amounts) = stack.get_mut(s) {
                    amounts.push(pay);
                }
                if let Some(amounts) = of_category.and_then(|c| category_stack[c].get_mut(s)) {
                    amounts.push(pay);
                }
            }
            let Some(c) = of_category else { continue };
            category[c].push(pay);
            if let Some(l) = facts.level().and_then(|l| index(Level::ALL, l)) {
                category_level[c][l].push(pay);
            }
        }
        Pay {
            overall: SalaryFigure::of(&mut overall),
            category: figures(category),
            category_level: category_level.into_iter().map(figures).collect(),
            stack: figures(stack),
            category_stack: category_stack.into_iter().map(figures).collect(),
        }
    }

    pub fn overall(&self) -> SalaryFigure {
        self.overall
    }

    pub fn of_category(&self, category: Category) -> SalaryFigure {
        index(Category::ALL, category).and_then(|c| self.category.get(c)).copied().unwrap_or(NONE)
    }

    pub fn of_level(&self, category: Category, level: Level) -> SalaryFigure {
        let at = index(Category::ALL, category).zip(index(Level::ALL, level));
        at.and_then(|(c, l)| self.category_level.get(c)?.get(l)).copied().unwrap_or(NONE)
    }

    pub fn of_stack(&self, stack: Stack) -> SalaryFigure {
        index(Stack::ALL, stack).and_then(|s| self.stack.get(s)).copied().unwrap_or(NONE)
    }

    /// The stacks that have postings (of `category`, or of any), those with
    /// the most first.
    pub fn by_stack(&self, category: Option<Category>) -> Vec<(Stack, SalaryFigure)> {
        let figures = match category {
            None => Some(&self.stack),
            Some(c) => index(Category::ALL, c).and_then(|c| self.category_stack.get(c)),
        };
        let mut out: Vec<(Stack, SalaryFigure)> = Stack::ALL
            .iter()
            .copied()
            .zip(figures.into_iter().flatten().copied())
            .filter(|(_, figure)| figure.postings > 0)
            .collect();
        out.sort_by_key(|(s, f)| (std::cmp::Reverse(f.postings), *s));
        out
    }
}
