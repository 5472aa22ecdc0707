package org.ducklake.jdbc.hibernate.spring;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.util.UUID;

@Entity
@Table(name = "accounts")
public class Account {
    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    @Column(nullable = false)
    private String owner;

    @Column(precision = 18, scale = 2, nullable = false)
    private BigDecimal balance;

    @Version
    private long version;

    protected Account() {}

    public Account(String owner, String balance) {
        this.owner = owner;
        this.balance = new BigDecimal(balance);
    }

    public UUID getId() {
        return id;
    }

    public String getOwner() {
        return owner;
    }

    public BigDecimal getBalance() {
        return balance;
    }

    public void add(BigDecimal amount) {
        balance = balance.add(amount);
    }
}
