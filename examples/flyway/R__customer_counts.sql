CREATE OR REPLACE VIEW customer_counts AS
    SELECT date_trunc('month', created_at) AS month, count(*) AS customers
    FROM customers GROUP BY ALL;
