package org.ducklake.jdbc.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;

/** A joined-inheritance hierarchy: a row of a subclass spans two tables. */
final class Fleet {
    private Fleet() {}

    @Entity(name = "Vehicle")
    @Table(name = "vehicles")
    @Inheritance(strategy = InheritanceType.JOINED)
    static class Vehicle {
        @Id
        Long id;

        String owner;

        Vehicle() {}

        Vehicle(Long id, String owner) {
            this.id = id;
            this.owner = owner;
        }
    }

    @Entity(name = "Truck")
    @Table(name = "trucks")
    static class Truck extends Vehicle {
        int axles;

        Truck() {}

        Truck(Long id, String owner, int axles) {
            super(id, owner);
            this.axles = axles;
        }
    }
}
