-- A reader who erased their data keeps a renamed row (their comments may stay as placeholders or
-- anonymous), but their old token must stop identifying anyone.
ALTER TABLE users ADD COLUMN erased_at INTEGER;
