package org.ducklake.jdbc.hibernate;

import jakarta.persistence.CheckConstraint;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import org.hibernate.annotations.ColumnDefault;

/**
 * Two versions of one table ({@code widgets}) for schema update, and a mixed-case table with a many-to-one: every
 * constraint Hibernate would write (primary, unique and foreign keys, an index, checks) is present in the mapping.
 */
final class Workshop {
    private Workshop() {}

    enum Finish {
        MATTE,
        GLOSS
    }

    @Entity(name = "Widget")
    @Table(
            name = "widgets",
            uniqueConstraints = @UniqueConstraint(columnNames = "code"),
            indexes = @Index(columnList = "name"),
            check = @CheckConstraint(constraint = "length(name) > 0"))
    static class Widget {
        @Id
        Long id;

        @Column(nullable = false)
        String name;

        @Column(unique = true)
        String code;

        @Enumerated(EnumType.STRING)
        Finish finish;

        Widget() {}

        Widget(Long id, String name, String code) {
            this.id = id;
            this.name = name;
            this.code = code;
        }
    }

    /** The same table with three more columns: a nullable one, a primitive (NOT NULL) and one with a default. */
    @Entity(name = "Widget")
    @Table(name = "widgets")
    static class WidgetWithWeight {
        @Id
        Long id;

        @Column(nullable = false)
        String name;

        String code;

        @Enumerated(EnumType.STRING)
        Finish finish;

        Integer weight;

        int stock;

        @ColumnDefault("'blue'")
        String color;
    }

    @Entity(name = "WidgetPart")
    @Table(name = "WidgetParts")
    static class WidgetPart {
        @Id
        Long id;

        @ManyToOne
        Widget widget;

        String label;
    }

    @Entity(name = "WidgetPart")
    @Table(name = "WidgetParts")
    static class WidgetPartOfWeighed {
        @Id
        Long id;

        @ManyToOne
        WidgetWithWeight widget;

        String label;
    }
}
