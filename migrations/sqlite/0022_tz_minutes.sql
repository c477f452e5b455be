-- A posting's time zone window in minutes east of UTC (India is +330),
-- no longer whole hours.
UPDATE jobs SET tz_min = tz_min * 60, tz_max = tz_max * 60 WHERE tz_min IS NOT NULL OR tz_max IS NOT NULL;
