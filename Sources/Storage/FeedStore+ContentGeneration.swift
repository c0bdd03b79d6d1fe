import Foundation
import GRDB

extension FeedStore {
    /// A counter that moves whenever anything a digest shows of the stored entries changes: an
    /// entry stored, changed (analysis, story, reason) or purged, an article page stored or
    /// retried, a feed's name, title or tags changed.
    ///
    /// Triggers keep it (migration "v6 content generation"), so every writer moves it in the
    /// transaction that makes the change, whoever wrote the SQL. The digest compares it with the
    /// value its files were built from: an unchanged counter means the entries say nothing new,
    /// and a cycle of unchanged feeds does not read the day's entries again.
    public func contentGeneration() throws -> Int64 {
        try writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM content_generation WHERE id = 1") ?? 0
        }
    }

    /// The table and triggers behind `contentGeneration()`.
    static let contentGenerationSQL = """
        CREATE TABLE content_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
        INSERT INTO content_generation(id, value) VALUES (1, 0);
        CREATE TRIGGER content_generation_entry_insert AFTER INSERT ON entry
            BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
        CREATE TRIGGER content_generation_entry_update AFTER UPDATE ON entry
            BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
        CREATE TRIGGER content_generation_entry_delete AFTER DELETE ON entry
            BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
        CREATE TRIGGER content_generation_article_insert AFTER INSERT ON article
            BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
        CREATE TRIGGER content_generation_article_update AFTER UPDATE ON article
            BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
        CREATE TRIGGER content_generation_article_delete AFTER DELETE ON article
            BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
        CREATE TRIGGER content_generation_feed_update AFTER UPDATE OF name, title, tags ON feed
            WHEN old.name IS NOT new.name OR old.title IS NOT new.title OR old.tags IS NOT new.tags
            BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
        """
}
