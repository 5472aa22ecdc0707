-- DuckLake tables have no primary keys, indexes or sequences; NOT NULL and literal defaults work.
CREATE TABLE customers (
    id         INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    email      VARCHAR,
    created_at TIMESTAMP
);
