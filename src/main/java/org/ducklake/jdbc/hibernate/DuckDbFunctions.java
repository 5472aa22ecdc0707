package org.ducklake.jdbc.hibernate;

import jakarta.persistence.TemporalType;
import org.hibernate.boot.model.FunctionContributions;
import org.hibernate.dialect.function.CommonFunctionFactory;
import org.hibernate.dialect.function.FormatFunction;
import org.hibernate.query.common.TemporalUnit;

/**
 * HQL functions where DuckDB spells them differently from {@code Dialect}'s ANSI defaults, those DuckDB has beyond
 * them, and the patterns of {@code extract}, {@code timestampdiff} and {@code timestampadd}.
 */
final class DuckDbFunctions {
    private DuckDbFunctions() {}

    static void register(FunctionContributions functionContributions) {
        CommonFunctionFactory functions = new CommonFunctionFactory(functionContributions);
        // DuckDB has no locate(); position(x in y) and substring(y from n) it has.
        functions.locate_positionSubstring();
        // lpad/rpad need their third argument in DuckDB.
        functions.pad_space();
        functions.everyAny_boolAndOr();
        functions.listagg_stringAgg("varchar");
        functions.trunc();
        functions.log10();
        functions.cot();
        functions.radians();
        functions.degrees();
        functions.cbrt();
        functions.repeat();
        functions.reverse();
        functions.ascii();
        functions.char_chr();
        functions.stddev();
        functions.variance();
        functions.stddevPopSamp();
        functions.covarPopSamp();
        functions.corr();
        functions.median();
        functions.windowFunctions();
        functions.inverseDistributionOrderedSetAggregates();
        functions.dateTrunc();
        functionContributions
                .getFunctionRegistry()
                .register("format", new FormatFunction("strftime", functionContributions.getTypeConfiguration()));
    }

    /** The pattern for an {@code extract} field DuckDB answers differently, or null for the standard one. */
    static String extractPattern(TemporalUnit unit) {
        switch (unit) {
            case DAY_OF_WEEK:
                // DuckDB counts Sunday as 0, Hibernate as 1.
                return "(extract(dow from ?2)+1)";
            case SECOND:
                // extract(second) is whole seconds in DuckDB; Hibernate's includes the fraction.
                return "(extract(microsecond from ?2)/1e6)";
            default:
                return null;
        }
    }

    /** {@code date_sub} counts whole units between two values, as {@code timestampdiff()} is defined. */
    static String timestampdiffPattern(TemporalUnit unit) {
        switch (unit) {
            case NATIVE:
                return "date_sub('microsecond',?2,?3)";
            case NANOSECOND:
                return "(date_sub('microsecond',?2,?3)*1000)";
            default:
                return "date_sub('?1',?2,?3)";
        }
    }

    /**
     * A duration added as a multiple of one unit's interval; a date stays a date when whole days or more are added
     * (DuckDB would make it a timestamp, which does not read back as a date).
     */
    @SuppressWarnings("deprecation") // TemporalType: Hibernate's signature still uses it
    static String timestampaddPattern(TemporalUnit unit, TemporalType temporalType) {
        String sum;
        switch (unit) {
            case NATIVE:
                sum = "(?3+(?2)*interval 1 microsecond)";
                break;
            case NANOSECOND:
                sum = "(?3+(?2)/1e3*interval 1 microsecond)";
                break;
            case QUARTER:
                sum = "(?3+(?2)*interval 3 month)";
                break;
            default:
                sum = "(?3+(?2)*interval 1 ?1)";
        }
        return temporalType == TemporalType.DATE && unit.isDateUnit() ? "cast(" + sum + " as date)" : sum;
    }
}
