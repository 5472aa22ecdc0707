--liquibase formatted sql

--changeset lake:customers-table
CREATE TABLE customers (id BIGINT NOT NULL, name VARCHAR(100));
--rollback DROP TABLE customers;

--changeset lake:customers-rows
INSERT INTO customers (id, name) VALUES (1, 'Alice'), (2, 'Bob');
--rollback DELETE FROM customers WHERE id IN (1, 2);

--changeset lake:customers-email
ALTER TABLE customers ADD COLUMN email VARCHAR(255);
UPDATE customers SET email = 'alice@example.com' WHERE id = 1;
--rollback ALTER TABLE customers DROP COLUMN email;

--changeset lake:customer-names-view
CREATE VIEW customer_names AS SELECT id, name FROM customers;
--rollback DROP VIEW customer_names;
