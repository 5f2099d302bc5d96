-- Lookups by building id alone (API, OGC items/{id}) must not scan the table.
CREATE INDEX building_id ON building (id);
