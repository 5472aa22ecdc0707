package org.ducklake.jdbc.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** A small shop model: customers (sequence ids, versioned) and their purchases (UUID ids, a many-to-one). */
final class Shop {
    private Shop() {}

    enum Status {
        OPEN,
        PAID,
        CANCELLED
    }

    @Entity(name = "Customer")
    @Table(name = "customers")
    static class Customer {
        @Id
        @GeneratedValue
        Long id;

        @Column(nullable = false)
        String name;

        String city;

        int visits;

        @Version
        Long version;

        Customer() {}

        Customer(String name, String city, int visits) {
            this.name = name;
            this.city = city;
            this.visits = visits;
        }
    }

    @Entity(name = "Purchase")
    @Table(name = "purchases")
    static class Purchase {
        @Id
        @GeneratedValue(strategy = GenerationType.UUID)
        UUID id;

        @ManyToOne(optional = false)
        Customer customer;

        @Column(precision = 12, scale = 2, nullable = false)
        BigDecimal amount;

        LocalDate day;

        @Enumerated(EnumType.STRING)
        Status status;

        Purchase() {}

        Purchase(Customer customer, String amount, LocalDate day, Status status) {
            this.customer = customer;
            this.amount = new BigDecimal(amount);
            this.day = day;
            this.status = status;
        }
    }
}
