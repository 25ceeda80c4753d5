-- A user's standing on a site (comments published and rejected, first and last comment) is read
-- on every post; counting their comments each time grew with how much they wrote. Triggers keep
-- the counts right for every way comments arrive or change status (posts, moderation, imports,
-- erasure).
ALTER TABLE standings ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE standings ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE standings ADD COLUMN first_at INTEGER;
ALTER TABLE standings ADD COLUMN last_at INTEGER;

INSERT INTO standings (site_id, user_id, published, rejected, first_at, last_at)
SELECT site_id, author_id, SUM(status = 'published'), SUM(status = 'rejected'), MIN(created_at), MAX(created_at)
FROM comments GROUP BY site_id, author_id
ON CONFLICT (site_id, user_id) DO UPDATE SET published = excluded.published, rejected = excluded.rejected,
    first_at = excluded.first_at, last_at = excluded.last_at;

CREATE TRIGGER standings_add AFTER INSERT ON comments
BEGIN
    INSERT INTO standings (site_id, user_id, published, rejected, first_at, last_at)
    VALUES (NEW.site_id, NEW.author_id, NEW.status = 'published', NEW.status = 'rejected', NEW.created_at, NEW.created_at)
    ON CONFLICT (site_id, user_id) DO UPDATE SET
        published = published + (NEW.status = 'published'),
        rejected = rejected + (NEW.status = 'rejected'),
        first_at = MIN(COALESCE(first_at, NEW.created_at), NEW.created_at),
        last_at = MAX(COALESCE(last_at, NEW.created_at), NEW.created_at);
END;

CREATE TRIGGER standings_status AFTER UPDATE OF status ON comments WHEN OLD.status <> NEW.status
BEGIN
    UPDATE standings SET
        published = published + (NEW.status = 'published') - (OLD.status = 'published'),
        rejected = rejected + (NEW.status = 'rejected') - (OLD.status = 'rejected')
    WHERE site_id = NEW.site_id AND user_id = NEW.author_id;
END;
