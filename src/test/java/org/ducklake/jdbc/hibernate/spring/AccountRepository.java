package org.ducklake.jdbc.hibernate.spring;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AccountRepository extends JpaRepository<Account, UUID> {

    List<Account> findByOwnerOrderByBalanceDesc(String owner);

    long countByBalanceGreaterThan(BigDecimal amount);

    Page<Account> findByOwnerStartingWith(String prefix, Pageable pageable);

    @Modifying
    @Query("update Account a set a.balance = a.balance + :amount where a.owner = :owner")
    int depositToAll(@Param("owner") String owner, @Param("amount") BigDecimal amount);
}
