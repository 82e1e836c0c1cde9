"""Version 5: a picture can be a placeholder (the demo's drawn cards). Placeholders never outrank a
real picture: the demo's existing cards are marked (they are captioned "… (placeholder image)"), and
a film whose poster is a placeholder while it has a real poster gets the real one."""

NAME = "placeholder pictures"

SQL = """
ALTER TABLE image ADD COLUMN placeholder INTEGER NOT NULL DEFAULT 0;
UPDATE image SET placeholder = 1 WHERE caption LIKE '%(placeholder image)';
UPDATE film SET poster_id = (
    SELECT i.id FROM image i WHERE i.film_id = film.id AND i.kind = 'poster' AND i.placeholder = 0
    ORDER BY i.missing, i.position, i.id LIMIT 1)
WHERE poster_id IN (SELECT id FROM image WHERE placeholder = 1)
    AND EXISTS (SELECT 1 FROM image i WHERE i.film_id = film.id AND i.kind = 'poster' AND i.placeholder = 0)
"""
