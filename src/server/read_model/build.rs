//! Building the read model at start: every published posting's filter
//! values first (searches without words work at once), then the text index
//! beside the requests.

use super::*;

/// How many ranges of postings start-up reads side by side.
const START_READS: i64 = 4;

/// Postings read at a time while the text index warms.
const WARM_CHUNK: i64 = 5_000;

impl ReadModel {
    /// Holds every published posting's filter values (ready to search at
    /// once, but for words), then builds the text index beside the
    /// requests; searches read the change log first when it was last read
    /// more than `max_staleness` ago.
    pub async fn build(db: &Db, max_staleness: Duration) -> Result<Self, ReadModelError> {
        let engine = ReadModel::prepare(db, max_staleness).await?;
        engine.warm(db.clone());
        Ok(engine)
    }

    /// The engine with every posting's filter values and an empty text index.
    pub(super) async fn prepare(db: &Db, max_staleness: Duration) -> Result<Self, ReadModelError> {
        let floor = rows::last_change(db).await?;
        let committed = super::follow::Follow::committed_by(db, floor).await?;
        // Ranges of ids read side by side (SQLite's driver spends more on
        // each row than the database does), each turned into facts as it
        // arrives.
        let (low, high) = rows::id_range(db).await?;
        let step = ((high - low) / START_READS).max(1) + 1;
        let mut reads = tokio::task::JoinSet::new();
        for from in (low..=high).step_by(step as usize) {
            let db = db.clone();
            reads.spawn(async move {
                let rows = rows::published_facts_between(&db, from, from + step).await?;
                tokio::task::spawn_blocking(move || {
                    let facts: Vec<(i64, Facts, Listing)> =
                        rows.iter().map(|row| (row.id, Facts::of(row), Listing::of(row))).collect();
                    let mut vocabulary = Vocabulary::default();
                    rows.iter().for_each(|row| vocabulary.learn_posting(row));
                    (facts, vocabulary)
                })
                .await
                .map_err(|e| ReadModelError::Stopped(e.to_string()))
            });
        }
        let mut parts = Vec::new();
        while let Some(part) = reads.join_next().await {
            parts.push(part.map_err(|e| ReadModelError::Stopped(e.to_string()))??);
        }
        let engine = tokio::task::spawn_blocking(move || -> Result<ReadModel, ReadModelError> {
            let count = parts.iter().map(|(facts, _)| facts.len()).sum();
            let mut facts = HashMap::with_capacity(count);
            let mut listings = HashMap::with_capacity(count);
            let mut vocabulary = Vocabulary::default();
            for (part, words) in parts {
                for (id, of, listing) in part {
                    facts.insert(id, of);
                    listings.insert(id, listing);
                }
                vocabulary.merge(words);
            }
            Ok(ReadModel(Arc::new(Inner {
                text: TextIndex::new()?,
                text_writer: tokio::sync::Mutex::new(TextWriter { writer: None, pending: HashSet::new() }),
                warmth: tokio::sync::watch::Sender::new(Warmth::Warming),
                facts: RwLock::new(facts),
                listings: RwLock::new(listings),
                vocabulary: RwLock::new(vocabulary),
                follow: tokio::sync::Mutex::new(super::follow::Follow::new(floor, committed)),
                written: AtomicBool::new(false),
                version: AtomicU64::new(0),
                listeners: Mutex::default(),
                pay: tokio::sync::Mutex::new(None),
                similar: Mutex::default(),
                polled: Mutex::new(Instant::now()),
                max_staleness,
            })))
        })
        .await
        .map_err(|e| ReadModelError::Stopped(e.to_string()))??;
        Ok(engine)
    }

    /// Builds the text index in the background.
    pub(super) fn warm(&self, db: Db) {
        let engine = self.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let warmth = match engine.build_text(&db).await {
                Ok(()) => {
                    let took_ms = started.elapsed().as_millis() as u64;
                    tracing::info!(took_ms, "search text index built");
                    Warmth::Ready
                }
                Err(err) => {
                    tracing::error!(error = %err, "search text index could not be built: searches with words fail");
                    Warmth::Failed
                }
            };
            engine.0.warmth.send_replace(warmth);
        });
    }

    /// Writes every published posting into the text index, a chunk at a
    /// time, then the postings that changed meanwhile, and hands the writer
    /// over to the change log.
    pub(super) async fn build_text(&self, db: &Db) -> Result<(), ReadModelError> {
        let engine = self.clone();
        let reader = db.clone();
        let runtime = tokio::runtime::Handle::current();
        let writer = tokio::task::spawn_blocking(move || -> Result<tantivy::IndexWriter, ReadModelError> {
            let text = &engine.0.text;
            let mut writer = text.writer(2)?;
            let mut after = 0;
            loop {
                let chunk = runtime.block_on(rows::published_after(&reader, after, WARM_CHUNK))?;
                let Some(last) = chunk.last().map(|r| r.id) else { break };
                for row in &chunk {
                    writer.add_document(text.document(row))?;
                }
                after = last;
            }
            writer.commit()?;
            drop(writer);
            text.reload()?;
            Ok(text.writer(1)?)
        })
        .await
        .map_err(|e| ReadModelError::Stopped(e.to_string()))??;
        let mut writer = writer;
        let mut text_writer = self.0.text_writer.lock().await;
        let pending: Vec<i64> = text_writer.pending.drain().collect();
        let found = rows::published_among(db, &pending).await?;
        self.write_text(&mut writer, &pending, &found)?;
        text_writer.writer = Some(writer);
        Ok(())
    }

    /// Puts `found` (those of `ids` still published) in the text index and
    /// drops the others.
    pub(super) fn write_text(
        &self,
        writer: &mut tantivy::IndexWriter,
        ids: &[i64],
        found: &[IndexRow],
    ) -> Result<(), ReadModelError> {
        if ids.is_empty() {
            return Ok(());
        }
        let by_id: HashMap<i64, &IndexRow> = found.iter().map(|r| (r.id, r)).collect();
        for id in ids {
            self.0.text.put(writer, *id, by_id.get(id).copied())?;
        }
        writer.commit()?;
        self.0.text.reload()?;
        Ok(())
    }

    /// Waits for the text index to hold every posting.
    pub async fn warmed(&self) -> Result<(), ReadModelError> {
        let mut warmth = self.0.warmth.subscribe();
        match warmth.wait_for(|w| *w != Warmth::Warming).await.map(|w| *w) {
            Ok(Warmth::Ready) => Ok(()),
            _ => Err(ReadModelError::Stopped("the text index could not be built".to_owned())),
        }
    }

    /// How far the text index is.
    pub fn warmth(&self) -> Warmth {
        *self.0.warmth.borrow()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::JobFilter;

    #[tokio::test]
    async fn a_change_while_the_text_index_warms_reaches_it() {
        let (_dir, db, engine) = super::super::tests::seeded(50).await;
        let now = crate::server::now();
        let every = engine.search(&db, &JobFilter::parse("").0, now).await.expect("filters work at once").total;
        assert!(every > 0);
        assert_eq!(engine.warmth(), Warmth::Warming);

        let sql = "UPDATE jobs SET title = 'Quasar Whisperer' WHERE id = (SELECT MIN(id) FROM jobs WHERE status = 'published')";
        sqlx::query(sql).execute(&db.pool).await.expect("update");
        engine.catch_up(&db).await.expect("catch up");
        assert_eq!(engine.0.text_writer.lock().await.pending.len(), 1, "waiting for the text index");

        engine.warm(db.clone());
        let found = engine.search(&db, &JobFilter::parse("q=quasar+whisperer").0, now).await.expect("search");
        assert_eq!((found.total, engine.warmth()), (1, Warmth::Ready), "the search waited, and found the change");
    }
}
