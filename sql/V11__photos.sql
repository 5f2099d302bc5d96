-- Photos: the files live outside the database, content-addressed under the app's home
-- (var/photos/ab/cd/<sha256>.<ext>); this table holds what was read from them. The id is the
-- SHA-256 of the stored (metadata-stripped) bytes, so the same picture uploaded twice is one row.
CREATE TABLE photo (
    id                 text         PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
    content_type       text         NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes              integer      NOT NULL CHECK (bytes > 0),
    width              integer      NOT NULL CHECK (width > 0),
    height             integer      NOT NULL CHECK (height > 0),
    exif_lon           double precision CHECK (exif_lon BETWEEN -180 AND 180),
    exif_lat           double precision CHECK (exif_lat BETWEEN -90 AND 90),
    exif_taken_at      timestamp,
    exif_taken_offset  text         CHECK (exif_taken_offset ~ '^[+-][0-9]{2}:[0-9]{2}$'),
    uploaded_by        text         NOT NULL,
    uploaded_at        timestamptz  NOT NULL DEFAULT now(),
    exif_geom          geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(exif_lon, exif_lat), 4326)) STORED,
    CHECK ((exif_lon IS NULL) = (exif_lat IS NULL))
);

COMMENT ON TABLE photo IS 'Uploaded photos (files under var/photos, stripped of EXIF/XMP/IPTC/comments); id = sha256 of the stored bytes';
COMMENT ON COLUMN photo.exif_lon IS 'EXIF GPS longitude (WGS84, as phones record it) read before stripping; NULL when the photo had none';
COMMENT ON COLUMN photo.exif_taken_at IS 'EXIF DateTimeOriginal on the camera clock (EXIF has no zone); exif_taken_offset when the camera recorded one';
COMMENT ON COLUMN photo.uploaded_by IS 'username of the first uploader; everyone who uploaded the same bytes is in photo_uploader';

-- Everyone who uploaded these bytes: they hold the picture already, so each may read it back.
CREATE TABLE photo_uploader (
    photo_id     text        NOT NULL REFERENCES photo (id),
    username     text        NOT NULL,
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (photo_id, username)
);

CREATE INDEX photo_uploader_username ON photo_uploader (username);
CREATE INDEX photo_exif_geom ON photo USING gist (exif_geom);
