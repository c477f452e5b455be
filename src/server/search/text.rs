//! The full-text half of search: a tantivy index in memory with the title,
//! stack names and body (company and description) of every published
//! posting, English-stemmed, and the query a search's words become.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader, TantivyDocument, Term};

use crate::model::Stack;
use crate::server::repo::search::IndexRow;

/// Words of a query that are really one name, and names that mean the same:
/// a query for any of a group's words also finds the others.
const SYNONYMS: &[&[&str]] = &[
    &["js", "javascript"],
    &["ts", "typescript"],
    &["golang", "go"],
    &["k8s", "kubernetes"],
    &["postgres", "postgresql"],
    &["node", "nodejs"],
    &["py", "python"],
    &["react", "reactjs"],
];

/// Words this long or longer forgive one typo; `TWO_TYPOS` and longer, two.
const ONE_TYPO: usize = 5;
const TWO_TYPOS: usize = 9;
/// At most this many words of a query are searched for.
const MAX_WORDS: usize = 12;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    stack: Field,
    body: Field,
}

pub struct TextIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
}

impl TextIndex {
    pub fn new() -> tantivy::Result<Self> {
        let mut schema = Schema::builder();
        let stemmed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("en_stem").set_index_option(IndexRecordOption::WithFreqs),
        );
        let plain = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("default").set_index_option(IndexRecordOption::WithFreqs),
        );
        let fields = Fields {
            id: schema.add_i64_field("id", INDEXED | FAST),
            title: schema.add_text_field("title", stemmed.clone()),
            stack: schema.add_text_field("stack", plain),
            body: schema.add_text_field("body", stemmed),
        };
        let index = Index::create_in_ram(schema.build());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(TextIndex { index, fields, reader })
    }

    /// A writer for `threads` threads (the first build uses more).
    pub fn writer(&self, threads: usize) -> tantivy::Result<IndexWriter> {
        self.index.writer_with_num_threads(threads, threads * 40_000_000)
    }

    /// Replaces posting `id`'s document with `row`'s (or just removes it).
    pub fn put(&self, writer: &IndexWriter, id: i64, row: Option<&IndexRow>) -> tantivy::Result<()> {
        writer.delete_term(Term::from_field_i64(self.fields.id, id));
        if let Some(row) = row {
            writer.add_document(self.document(row))?;
        }
        Ok(())
    }

    pub fn document(&self, row: &IndexRow) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_i64(self.fields.id, row.id);
        doc.add_text(self.fields.title, normalise(&row.title));
        let stacks: Vec<&str> =
            row.stacks.split(',').filter_map(Stack::from_slug).flat_map(|s| [s.slug(), s.label()]).collect();
        doc.add_text(self.fields.stack, normalise(&stacks.join(" ")));
        doc.add_text(self.fields.body, normalise(&format!("{}\n{}", row.company_name, row.description)));
        doc
    }

    /// Makes what the writer committed visible to searches.
    pub fn reload(&self) -> tantivy::Result<()> {
        self.reader.reload()
    }

    /// Every posting matching all of `q`'s words (each by its stem, a
    /// synonym, or a near spelling), with its score.
    pub fn search(&self, q: &str) -> tantivy::Result<Vec<(i64, Score)>> {
        let query = self.query(q)?;
        let searcher = self.reader.searcher();
        searcher.search(query.as_ref(), &IdsAndScores)
    }

    fn query(&self, q: &str) -> tantivy::Result<Box<dyn Query>> {
        let mut stem = self.index.tokenizer_for_field(self.fields.title)?;
        let mut words = Vec::new();
        for word in query_words(q) {
            let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
            for (k, alias) in synonyms(&word).into_iter().enumerate() {
                let mut stream = stem.token_stream(&alias);
                while let Some(token) = stream.next() {
                    let stemmed = token.text.clone();
                    let term = |field| Term::from_field_text(field, &stemmed);
                    let exact = |field, boost| -> Box<dyn Query> {
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(term(field), IndexRecordOption::WithFreqs)),
                            boost,
                        ))
                    };
                    alternatives.push(exact(self.fields.title, 3.0));
                    alternatives.push(exact(self.fields.body, 1.0));
                    let plain = Term::from_field_text(self.fields.stack, &alias);
                    alternatives.push(Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(plain, IndexRecordOption::WithFreqs)),
                        2.0,
                    )));
                    let length = alias.chars().count();
                    if k == 0 && length >= ONE_TYPO {
                        let distance = if length >= TWO_TYPOS { 2 } else { 1 };
                        for (field, boost) in [(self.fields.title, 1.0), (self.fields.body, 0.3)] {
                            let fuzzy = FuzzyTermQuery::new(term(field), distance, true);
                            alternatives.push(Box::new(BoostQuery::new(Box::new(fuzzy), boost)));
                        }
                    }
                }
            }
            if !alternatives.is_empty() {
                let either = alternatives.into_iter().map(|q| (Occur::Should, q)).collect();
                words.push((Occur::Must, Box::new(BooleanQuery::new(either)) as Box<dyn Query>));
            }
        }
        Ok(Box::new(BooleanQuery::new(words)))
    }
}

/// Spellings the index and queries share: "Node.js" is one word.
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase();
    lower.replace("node.js", "nodejs").replace("next.js", "nextjs").replace("vue.js", "vuejs")
}

/// A query's words, lowercased, letters and digits only.
pub fn query_words(q: &str) -> Vec<String> {
    normalise(q)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect()
}

/// `word` first, then the words of its synonym group.
fn synonyms(word: &str) -> Vec<String> {
    let mut all = vec![word.to_owned()];
    if let Some(group) = SYNONYMS.iter().find(|g| g.contains(&word)) {
        all.extend(group.iter().filter(|w| **w != word).map(|w| (*w).to_owned()));
    }
    all
}

/// Collects every match's posting id and score.
struct IdsAndScores;

struct SegmentIds {
    ids: Column<i64>,
    found: Vec<(i64, Score)>,
}

impl Collector for IdsAndScores {
    type Fruit = Vec<(i64, Score)>;
    type Child = SegmentIds;

    fn for_segment(&self, _segment: u32, reader: &SegmentReader) -> tantivy::Result<SegmentIds> {
        Ok(SegmentIds { ids: reader.fast_fields().i64("id")?, found: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<(i64, Score)>>) -> tantivy::Result<Vec<(i64, Score)>> {
        Ok(segments.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentIds {
    type Fruit = Vec<(i64, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(id) = self.ids.first(doc) {
            self.found.push((id, score));
        }
    }

    fn harvest(self) -> Vec<(i64, Score)> {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_names_are_one_word() {
        assert_eq!(query_words("Senior Node.js / K8s"), vec!["senior", "nodejs", "k8s"]);
    }

    #[test]
    fn a_word_brings_its_synonyms() {
        assert_eq!(synonyms("golang"), vec!["golang", "go"]);
        assert_eq!(synonyms("kubernetes"), vec!["kubernetes", "k8s"]);
        assert_eq!(synonyms("rust"), vec!["rust"]);
    }
}
