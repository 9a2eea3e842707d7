CREATE TABLE "directory_vocabulary" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "directory_words" (
	"word" text NOT NULL,
	"name" text NOT NULL,
	"entry_id" uuid NOT NULL,
	CONSTRAINT "directory_words_word_name_entry_id_pk" PRIMARY KEY("word","name","entry_id")
);
--> statement-breakpoint
ALTER TABLE "directory_words" ADD CONSTRAINT "directory_words_entry_id_directory_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."directory_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_words_entry_idx" ON "directory_words" USING btree ("entry_id");--> statement-breakpoint
-- The text search's index (issue 12): each listing's words (split as below; the search splits a
-- query the same way, in SQL) with its name, in (word, name) order, and the words in use with a
-- trigram index. Kept by statement-level triggers over the rows each statement wrote, so a 150,000-
-- row import costs three set statements per batch, not three per row.
CREATE INDEX "directory_vocabulary_trgm_idx" ON "directory_vocabulary" USING gin ("word" gin_trgm_ops) WITH (fastupdate = off);--> statement-breakpoint
CREATE FUNCTION directory_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM directory_words w USING changed c WHERE w.entry_id = c.id;
  INSERT INTO directory_words (word, name, entry_id)
    SELECT DISTINCT x.word, c.name, c.id
    FROM changed c, regexp_split_to_table(c.search_text, '[^[:alnum:]]+') AS x(word)
    WHERE x.word <> '';
  INSERT INTO directory_vocabulary (word)
    SELECT DISTINCT x.word
    FROM changed c, regexp_split_to_table(c.search_text, '[^[:alnum:]]+') AS x(word)
    WHERE x.word <> ''
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER directory_words_ins AFTER INSERT ON directory_entries
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION directory_words_sync();--> statement-breakpoint
CREATE TRIGGER directory_words_upd AFTER UPDATE ON directory_entries
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION directory_words_sync();--> statement-breakpoint
INSERT INTO directory_words (word, name, entry_id)
  SELECT DISTINCT x.word, e.name, e.id
  FROM directory_entries e, regexp_split_to_table(e.search_text, '[^[:alnum:]]+') AS x(word)
  WHERE x.word <> '';--> statement-breakpoint
INSERT INTO directory_vocabulary (word) SELECT DISTINCT word FROM directory_words ON CONFLICT DO NOTHING;--> statement-breakpoint
-- The search no longer reads search_text through a trigram index (the words are its index).
DROP INDEX IF EXISTS "directory_entries_search_trgm_idx";
