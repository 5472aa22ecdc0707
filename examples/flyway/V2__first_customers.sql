INSERT INTO customers VALUES
    (1, 'Alice', 'alice@example.com', TIMESTAMP '2025-01-15 10:00:00'),
    (2, 'Bob', 'bob@example.com', TIMESTAMP '2025-02-20 14:30:00');
