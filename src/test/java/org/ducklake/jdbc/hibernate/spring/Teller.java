package org.ducklake.jdbc.hibernate.spring;

import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;

/** Moves money between accounts in one transaction; an overdraft rolls the whole transfer back. */
public class Teller {
    private final AccountRepository accounts;

    public Teller(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Transactional
    public void transfer(UUID from, UUID to, BigDecimal amount) {
        Account source = accounts.findById(from).orElseThrow();
        Account target = accounts.findById(to).orElseThrow();
        target.add(amount);
        source.add(amount.negate());
        accounts.flush();
        if (source.getBalance().signum() < 0) {
            throw new IllegalStateException("overdraft");
        }
    }
}
