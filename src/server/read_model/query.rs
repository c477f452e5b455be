//! Asking the read model: searches, lists, versions and figures.

use super::*;

impl ReadModel {
    /// After catching up: the postings matching the words of `q` with their
    /// scores (`None` when it has none), once the text index is warm.
    pub(super) async fn text_hits(&self, db: &Db, q: &str) -> Result<Option<Vec<(i64, f32)>>, ReadModelError> {
        self.fresh(db).await?;
        if !q.trim().is_empty() {
            self.warmed().await?;
        }
        Ok(self.0.text.search(q)?)
    }

    /// One page of open postings matching `filter`, their total and the
    /// facet counts.
    pub async fn search(&self, db: &Db, filter: &JobFilter, now: Time) -> Result<Found, ReadModelError> {
        let hits = self.text_hits(db, &filter.q).await?;
        let facts = self.facts()?;
        Ok(match hits {
            None => select(facts.iter().map(|(id, f)| (*id, 0.0, f)), filter, now),
            Some(hits) => select(hits.iter().filter_map(|(id, s)| facts.get(id).map(|f| (*id, *s, f))), filter, now),
        })
    }

    pub(super) fn facts(&self) -> Result<std::sync::RwLockReadGuard<'_, HashMap<i64, Facts>>, ReadModelError> {
        self.0.facts.read().map_err(|_| ReadModelError::Poisoned)
    }

    /// The ids of the newest open postings (only featured ones if asked).
    pub async fn newest(
        &self,
        db: &Db,
        limit: usize,
        featured_only: bool,
        now: Time,
    ) -> Result<Vec<i64>, ReadModelError> {
        self.fresh(db).await?;
        Ok(facts::newest(self.facts()?.iter().map(|(id, f)| (*id, f)), limit, featured_only, now))
    }

    /// The ids of open postings like `id`: its category, its level first.
    /// Every posting of a category and level has the same neighbours, so
    /// they are found once per version (and again when one expires), not
    /// once per page.
    pub async fn similar(&self, db: &Db, id: i64, limit: usize, now: Time) -> Result<Vec<i64>, ReadModelError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        let Some(of) = facts.get(&id) else { return Ok(Vec::new()) };
        let likeness = (of.category(), of.level(), limit);
        let version = self.version();
        let mut kept = self.0.similar.lock().map_err(|_| ReadModelError::Poisoned)?;
        let alike = match kept.get(&likeness).filter(|k| k.holds(version, now)) {
            Some(k) => k.value.clone(),
            None => {
                // One more than asked: `id` itself may be among them.
                let alike = facts::similar(facts.iter().map(|(id, f)| (*id, f)), i64::MIN, of, limit + 1, now);
                let until = next_expiry(facts.values(), now);
                kept.insert(likeness, Kept { version, until, value: alike.clone() });
                alike
            }
        };
        Ok(alike.into_iter().filter(|other| *other != id).take(limit).collect())
    }

    /// Open postings per category (those with none left out).
    pub async fn per_category(&self, db: &Db, now: Time) -> Result<Vec<(Category, i64)>, ReadModelError> {
        self.fresh(db).await?;
        Ok(facts::per_category(self.facts()?.values(), now))
    }

    /// `q` spelled as the postings spell it, if that differs.
    pub fn correct(&self, q: &str) -> Option<String> {
        self.0.vocabulary.read().ok()?.correct(q)
    }

    /// How long ago the index last read the change log.
    pub fn age(&self) -> Duration {
        self.0.polled.lock().map_or(Duration::MAX, |at| at.elapsed())
    }

    /// The number of the index's last change to a shown posting: when it
    /// moves, what was derived from the postings may be out of date.
    pub fn version(&self) -> u64 {
        self.0.version.load(Ordering::Acquire)
    }

    /// Tells `to` of every change applied from now on, after a first change
    /// that shows it every posting shown now.
    pub fn tell(&self, to: crossbeam_channel::Sender<Change>) -> Result<(), ReadModelError> {
        let facts = self.facts()?;
        let postings = facts
            .iter()
            .map(|(id, f)| Shown { id: *id, before: None, now: Some((f.category(), f.expires_at)) })
            .collect();
        let mut listeners = self.0.listeners.lock().map_err(|_| ReadModelError::Poisoned)?;
        if to.send(Change { at: Instant::now(), postings }).is_ok() {
            listeners.push(to);
        }
        Ok(())
    }

    /// The salary figures of the open postings, computed once per version
    /// (and again when one they counted expires).
    pub async fn pay(&self, db: &Db, now: Time) -> Result<Arc<Pay>, ReadModelError> {
        self.fresh(db).await?;
        let mut kept = self.0.pay.lock().await;
        let version = self.version();
        if let Some(k) = Kept::current(&kept, version, now) {
            return Ok(k.value.clone());
        }
        let facts = self.facts()?;
        let pay = Arc::new(Pay::of(facts.values().filter(|f| f.is_open(now))));
        let until = next_expiry(facts.values(), now);
        *kept = Some(Kept { version, until, value: pay.clone() });
        Ok(pay)
    }

    /// The ids of open postings matching `filter` (its sort and page aside),
    /// newest first, after the `(published_at, id)` cursor `after`.
    pub async fn newest_matching(
        &self,
        db: &Db,
        filter: &JobFilter,
        after: Option<(Time, i64)>,
        limit: usize,
        now: Time,
    ) -> Result<Vec<i64>, ReadModelError> {
        let hits = self.text_hits(db, &filter.q).await?;
        let facts = self.facts()?;
        Ok(match hits {
            None => facts::newest_matching(facts.iter().map(|(id, f)| (*id, f)), filter, after, limit, now),
            Some(hits) => facts::newest_matching(
                hits.iter().filter_map(|(id, _)| facts.get(id).map(|f| (*id, f))),
                filter,
                after,
                limit,
                now,
            ),
        })
    }

    /// The open postings published after `since`, in id order, with their facts.
    pub async fn published_since(&self, db: &Db, since: Time, now: Time) -> Result<Vec<(i64, Facts)>, ReadModelError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        let mut new: Vec<(i64, Facts)> = facts
            .iter()
            .filter(|(_, f)| f.published_at > since && f.is_open(now))
            .map(|(id, f)| (*id, f.clone()))
            .collect();
        new.sort_unstable_by_key(|(id, _)| *id);
        Ok(new)
    }

    /// Calls `f` with every open posting, by id, with its listing.
    pub async fn with_open<R>(
        &self,
        db: &Db,
        now: Time,
        f: impl FnOnce(&[(&Facts, &Listing)]) -> R,
    ) -> Result<R, ReadModelError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        let listings = self.0.listings.read().map_err(|_| ReadModelError::Poisoned)?;
        let mut open: Vec<(i64, &Facts, &Listing)> = facts
            .iter()
            .filter(|(_, f)| f.is_open(now))
            .filter_map(|(id, f)| listings.get(id).map(|l| (*id, f, l)))
            .collect();
        open.sort_unstable_by_key(|(id, ..)| *id);
        let open: Vec<(&Facts, &Listing)> = open.into_iter().map(|(_, f, l)| (f, l)).collect();
        Ok(f(&open))
    }

    /// The fingerprint of each of `ids` as the index holds it (`None` for
    /// one it does not hold): it moves with any change read of the posting.
    pub fn fingerprints(&self, ids: &[i64]) -> Result<Vec<Option<u64>>, ReadModelError> {
        let listings = self.0.listings.read().map_err(|_| ReadModelError::Poisoned)?;
        Ok(ids.iter().map(|id| listings.get(id).map(|l| l.fingerprint)).collect())
    }

    /// How many postings the index holds (open or past their date).
    pub fn len(&self) -> usize {
        self.0.facts.read().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
