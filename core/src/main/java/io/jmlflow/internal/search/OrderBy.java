package io.jmlflow.internal.search;

import io.jmlflow.MlflowException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * MLflow's {@code order_by} clauses ("metrics.rmse ASC", "attributes.start_time DESC") as a comparator.
 * Entities missing the key sort last in either direction, as in MLflow.
 */
public final class OrderBy {
    private OrderBy() {
    }

    /**
     * A comparator for the given clauses, followed by the store's default tie-breakers.
     *
     * @param fields the accessor for one entity's fields
     */
    public static <T> Comparator<T> comparator(List<String> orderBy, Function<T, SearchFilter.Fields> fields,
                                               Comparator<T> defaults) {
        Comparator<T> cmp = null;
        for (String clause : orderBy == null ? List.<String>of() : orderBy) {
            Comparator<T> next = one(clause, fields);
            cmp = cmp == null ? next : cmp.thenComparing(next);
        }
        return cmp == null ? defaults : cmp.thenComparing(defaults);
    }

    private static <T> Comparator<T> one(String clause, Function<T, SearchFilter.Fields> fields) {
        String c = clause.trim();
        boolean desc = false;
        String upper = c.toUpperCase(Locale.ROOT);
        if (upper.endsWith(" DESC")) {
            desc = true;
            c = c.substring(0, c.length() - 5).trim();
        } else if (upper.endsWith(" ASC")) {
            c = c.substring(0, c.length() - 4).trim();
        }
        SearchFilter.Clause id;
        try {
            id = SearchFilter.identifier(c);
        } catch (MlflowException e) {
            throw MlflowException.invalid("Invalid order_by clause '" + clause + "'");
        }
        boolean descending = desc;
        return (a, b) -> {
            Object va = fields.apply(a).get(id.type(), id.key());
            Object vb = fields.apply(b).get(id.type(), id.key());
            if (va == null && vb == null) return 0;
            if (va == null) return 1;
            if (vb == null) return -1;
            int r = compareValues(va, vb);
            return descending ? -r : r;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) return ((Comparable) a).compareTo(b);
        return a.toString().compareTo(b.toString());
    }

    /** Parses clauses to check them early (raises INVALID_PARAMETER_VALUE). */
    public static List<SearchFilter.Clause> parse(List<String> orderBy) {
        List<SearchFilter.Clause> out = new ArrayList<>();
        if (orderBy != null) for (String c : orderBy) out.add(SearchFilter.identifier(c.replaceAll("(?i)\\s+(asc|desc)$", "")));
        return out;
    }
}
