//! The full-text half of search: a tantivy index in memory with the title,
//! stack names and body (company and description) of every published
//! posting, English-stemmed, and the query a search's words become.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader, TantivyDocument, Term};

use crate::server::repo::read_model::IndexRow;

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

/// What a word scores for matching in each field (summed over fields and
/// words): any title match outranks any stack match, which outranks any
/// match in the text; a near spelling scores half. Equal scores are then
/// ordered by freshness.
const TITLE: f32 = 10.0;
const STACK: f32 = 4.0;
const BODY: f32 = 1.0;
const NEAR: f32 = 0.5;

/// Words this long or longer forgive one typo; `TWO_TYPOS` and longer, two.
const ONE_TYPO: usize = 5;
const TWO_TYPOS: usize = 9;
/// At most this many words of a query are searched for.
const MAX_WORDS: usize = 12;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    /// The title's words unstemmed, for near spellings.
    title_words: Field,
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
        // Document ids only, no term frequencies: every match scores a
        // constant for its field (see `TITLE`…).
        let stemmed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("en_stem").set_index_option(IndexRecordOption::Basic),
        );
        let plain = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("default").set_index_option(IndexRecordOption::Basic),
        );
        let fields = Fields {
            id: schema.add_i64_field("id", INDEXED | FAST),
            title: schema.add_text_field("title", stemmed.clone()),
            title_words: schema.add_text_field("title_words", plain.clone()),
            stack: schema.add_text_field("stack", plain),
            body: schema.add_text_field("body", stemmed),
        };
        let index = Index::create_in_ram(schema.build());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(TextIndex { index, fields, reader })
    }

    /// A writer for `threads` threads (the first build uses more), each with
    /// 20 MB to index in before it writes a segment.
    pub fn writer(&self, threads: usize) -> tantivy::Result<IndexWriter> {
        self.index.writer_with_num_threads(threads, threads * 20_000_000)
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
        let title = normalise(&row.title);
        doc.add_text(self.fields.title, &title);
        doc.add_text(self.fields.title_words, &title);
        let mut stacks: Vec<String> = Vec::new();
        for stack in row.stacks.0.iter() {
            for name in [stack.slug(), stack.label()].map(normalise) {
                if !stacks.contains(&name) {
                    stacks.push(name);
                }
            }
        }
        doc.add_text(self.fields.stack, stacks.join(" "));
        doc.add_text(self.fields.body, normalise(&format!("{}\n{}", row.company_name, row.description)));
        doc
    }

    /// Makes what the writer committed visible to searches.
    pub fn reload(&self) -> tantivy::Result<()> {
        self.reader.reload()
    }

    /// Every posting matching all of `q`'s words (each by its stem, a
    /// synonym, or a near spelling), with its score; `None` when `q` has no
    /// words to match.
    pub fn search(&self, q: &str) -> tantivy::Result<Option<Vec<(i64, Score)>>> {
        let words = query_words(q);
        if words.is_empty() {
            return Ok(None);
        }
        let query = self.query(words)?;
        let searcher = self.reader.searcher();
        searcher.search(query.as_ref(), &IdsAndScores).map(Some)
    }

    fn query(&self, query_words: Vec<String>) -> tantivy::Result<Box<dyn Query>> {
        let mut stem = self.index.tokenizer_for_field(self.fields.title)?;
        let scored = |field, text: &str, score| -> (Occur, Box<dyn Query>) {
            let term = Term::from_field_text(field, text);
            let exact = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, Box::new(ConstScoreQuery::new(exact, score)))
        };
        let mut words = Vec::new();
        for word in query_words {
            let mut alternatives = Vec::new();
            for alias in synonyms(&word) {
                let mut stream = stem.token_stream(&alias);
                while let Some(token) = stream.next() {
                    alternatives.push(scored(self.fields.title, &token.text, TITLE));
                    alternatives.push(scored(self.fields.body, &token.text, BODY));
                }
                alternatives.push(scored(self.fields.stack, &alias, STACK));
            }
            let length = word.chars().count();
            if length >= ONE_TYPO {
                let distance = if length >= TWO_TYPOS { 2 } else { 1 };
                let near = FuzzyTermQuery::new(Term::from_field_text(self.fields.title_words, &word), distance, true);
                alternatives.push((Occur::Should, Box::new(ConstScoreQuery::new(Box::new(near), TITLE * NEAR))));
            }
            words.push((Occur::Must, Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>));
        }
        Ok(Box::new(BooleanQuery::new(words)))
    }
}

/// Spellings the index and queries share: "Node.js", "C++" and "C#" are
/// one word each.
fn normalise(text: &str) -> String {
    let lower = text.to_lowercase();
    [("node.js", "nodejs"), ("next.js", "nextjs"), ("vue.js", "vuejs"), ("c++", "cpp"), ("c#", "csharp")]
        .iter()
        .fold(lower, |text, (from, to)| text.replace(from, to))
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
        assert_eq!(query_words("C++ or C#"), vec!["cpp", "or", "csharp"]);
    }

    #[test]
    fn a_word_brings_its_synonyms() {
        assert_eq!(synonyms("golang"), vec!["golang", "go"]);
        assert_eq!(synonyms("kubernetes"), vec!["kubernetes", "k8s"]);
        assert_eq!(synonyms("rust"), vec!["rust"]);
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;
    use crate::server::repo::columns::{Bit, List};

    fn row(id: i64, title: &str) -> IndexRow {
        IndexRow {
            id,
            title: title.into(),
            description: "You will build services.".into(),
            company_name: "Acme".into(),
            stacks: List::parse("go").expect("a stack"),
            locations: List::parse("worldwide").expect("a region"),
            salary_usd_max: 100_000,
            company_verified: Bit(true),
            expires_at: crate::model::Time::from_unix(1),
            ..IndexRow::default()
        }
    }

    #[test]
    fn near_spellings_of_title_words_match() {
        let index = TextIndex::new().unwrap();
        let mut writer = index.writer(1).unwrap();
        index.put(&writer, 1, Some(&row(1, "Kubernetes Operator Developer"))).unwrap();
        writer.commit().unwrap();
        index.reload().unwrap();
        let ids =
            |q: &str| index.search(q).unwrap().unwrap_or_default().into_iter().map(|(id, _)| id).collect::<Vec<_>>();
        assert_eq!(ids("operator"), vec![1]);
        assert_eq!(ids("operater"), vec![1]);
        assert_eq!(ids("kuberntees"), vec![1]);
        assert!(ids("opxrxtor").is_empty());
    }
}
