package org.ducklake.jdbc.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;

/** Entities with each id generation strategy. */
final class Tickets {
    private Tickets() {}

    /** A sequence of step 1, so every persist allocates from the sequence table and concurrent writers collide. */
    @Entity(name = "Ticket")
    @Table(name = "tickets")
    static class Ticket {
        @Id
        @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ticket_numbers")
        @SequenceGenerator(name = "ticket_numbers", sequenceName = "ticket_numbers", allocationSize = 1)
        Long id;

        String writer;

        Ticket() {}

        Ticket(String writer) {
            this.writer = writer;
        }
    }

    @Entity(name = "IdentityTicket")
    @Table(name = "identity_tickets")
    static class IdentityTicket {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        Long id;
    }

    @Entity(name = "TableTicket")
    @Table(name = "table_tickets")
    static class TableTicket {
        @Id
        @GeneratedValue(strategy = GenerationType.TABLE, generator = "table_numbers")
        @TableGenerator(name = "table_numbers")
        Long id;
    }
}
