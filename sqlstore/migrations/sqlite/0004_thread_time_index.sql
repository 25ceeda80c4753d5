-- Reading a thread's latest comments (its temperature, after every post) must not sort the
-- whole thread: this index serves "ORDER BY created_at DESC LIMIT n" per thread directly.
CREATE INDEX comments_thread_time ON comments (thread_id, created_at, id);
