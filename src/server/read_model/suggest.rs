//! "Did you mean…": the words of posting titles and stack names, and the
//! nearest of them to a word that found nothing.

use std::collections::HashMap;

use crate::server::read_model::text::query_words;

/// How often each word of the postings' titles and stack names occurs;
/// never decremented (a word a posting
/// lost can still be suggested, but a suggestion is only offered once a
/// search with it has found something).
#[derive(Default)]
pub struct Vocabulary(HashMap<String, u32>);

impl Vocabulary {
    /// Learns a posting's title words and stack names.
    pub fn learn_posting(&mut self, row: &crate::server::repo::read_model::IndexRow) {
        self.learn(&row.title);
        self.learn(&row.stacks.0.iter().map(|s| s.slug()).collect::<Vec<_>>().join(" "));
    }

    /// Adds what `other` learned.
    pub fn merge(&mut self, other: Vocabulary) {
        for (word, n) in other.0 {
            *self.0.entry(word).or_default() += n;
        }
    }

    pub fn learn(&mut self, text: &str) {
        for word in query_words(text) {
            if word.chars().count() >= 2 && !word.chars().all(|c| c.is_ascii_digit()) {
                *self.0.entry(word).or_default() += 1;
            }
        }
    }

    /// `q` with each unknown word of 3 letters or more replaced by the most
    /// frequent known word within 1 edit (2 for words of 6 letters or more);
    /// `None` when no word changed.
    pub fn correct(&self, q: &str) -> Option<String> {
        let mut changed = false;
        let words: Vec<String> = query_words(q)
            .into_iter()
            .map(|word| {
                let length = word.chars().count();
                if length < 3 || self.0.contains_key(&word) {
                    return word;
                }
                let limit = if length >= 6 { 2 } else { 1 };
                let best = self
                    .0
                    .iter()
                    .filter(|(known, _)| known.chars().count().abs_diff(length) <= limit)
                    .filter_map(|(known, n)| within(&word, known, limit).map(|d| (d, std::cmp::Reverse(*n), known)))
                    .min();
                match best {
                    Some((_, _, known)) => {
                        changed = true;
                        known.clone()
                    }
                    None => word,
                }
            })
            .collect();
        changed.then(|| words.join(" "))
    }
}

/// The edit distance between `a` and `b` (a swap of neighbours counting as
/// one edit) if it is at most `limit`.
fn within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for i in 0..a.len() {
        let mut current = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let mut best = (previous[j] + usize::from(a[i] != b[j])).min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        if current.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous.last().copied().filter(|d| *d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_stops_past_the_limit() {
        assert_eq!(within("kubernetes", "kubernetes", 2), Some(0));
        assert_eq!(within("kubrenetes", "kubernetes", 2), Some(1));
        assert_eq!(within("rsut", "rust", 1), Some(1));
        assert_eq!(within("rust", "ruby", 1), None);
        assert_eq!(within("rust", "rusty", 1), Some(1));
    }

    #[test]
    fn unknown_words_become_the_most_frequent_near_word() {
        let mut vocabulary = Vocabulary::default();
        vocabulary.learn("Senior Haskell Engineer");
        vocabulary.learn("Haskell Developer");
        vocabulary.learn("Pascal Engineer");
        assert_eq!(vocabulary.correct("haskel developr").as_deref(), Some("haskell developer"));
        assert_eq!(vocabulary.correct("haskell engineer"), None);
        assert_eq!(vocabulary.correct("zzz"), None);
    }
}
