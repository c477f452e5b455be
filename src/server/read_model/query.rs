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
    pub async fn similar(&self, db: &Db, id: i64, limit: usize, now: Time) -> Result<Vec<i64>, ReadModelError> {
        self.fresh(db).await?;
        let facts = self.facts()?;
        Ok(match facts.get(&id) {
            Some(of) => facts::similar(facts.iter().map(|(id, f)| (*id, f)), id, of, limit, now),
            None => Vec::new(),
        })
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
    /// moves, a page showing postings may be out of date.
    pub fn version(&self) -> u64 {
        self.0.versions.read().map_or(u64::MAX, |v| v.all())
    }

    /// For posting `id`'s own page: the number of its last change, that of
    /// the last change in its category (among which it finds similar
    /// postings), and when it expires; `None` when it is not published.
    pub fn job_version(&self, id: i64) -> Option<(u64, u64, Time)> {
        let facts = self.facts().ok()?;
        let of = facts.get(&id)?;
        let versions = self.0.versions.read().ok()?;
        Some((versions.job(id), versions.category(of.category()), of.expires_at))
    }

    /// The version of every posting (`of_job` given: of that posting's
    /// category) as it stood `lag` ago (at most `MAX_LAG`).
    pub fn settled(&self, of_job: Option<i64>, lag: std::time::Duration) -> u64 {
        let category = match of_job {
            None => None,
            Some(id) => match self.facts() {
                Ok(facts) => Some(facts.get(&id).and_then(Facts::category)),
                Err(_) => return u64::MAX,
            },
        };
        self.0.versions.read().map_or(u64::MAX, |v| v.settled(category, lag, Instant::now()))
    }

    /// When the next open posting expires (so lists showing it change):
    /// computed once per version.
    pub fn lists_until(&self, now: Time) -> Time {
        let version = self.version();
        let Ok(mut kept) = self.0.next_expiry.lock() else { return now };
        if let Some(k) = Kept::current(&kept, version, now) {
            return k.until;
        }
        let until = match self.facts() {
            Ok(facts) => next_expiry(facts.values(), now),
            Err(_) => return now,
        };
        *kept = Some(Kept { version, until, value: () });
        until
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

    /// How many postings the index holds (open or past their date).
    pub fn len(&self) -> usize {
        self.0.facts.read().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
