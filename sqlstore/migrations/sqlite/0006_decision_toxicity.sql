-- The temperature check reads the toxicity of a thread's latest comments after every post;
-- a column of its own spares parsing each decision's JSON to get it.
ALTER TABLE decisions ADD COLUMN toxicity REAL NOT NULL DEFAULT 0;
UPDATE decisions SET toxicity = COALESCE(json_extract(scores, '$.toxicity'), 0);

-- Per-author reads on the post path (standing, repeats, rate limit) filter by time.
DROP INDEX comments_author;
CREATE INDEX comments_author ON comments (author_id, site_id, created_at);
