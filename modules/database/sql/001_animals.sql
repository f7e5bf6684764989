-- The API's only table. Weight and height keep two decimals and must be positive.
CREATE TABLE IF NOT EXISTS animals (
    name   TEXT PRIMARY KEY,
    weight NUMERIC(6,2) NOT NULL CHECK (weight > 0),
    height NUMERIC(6,2) NOT NULL CHECK (height > 0)
);
