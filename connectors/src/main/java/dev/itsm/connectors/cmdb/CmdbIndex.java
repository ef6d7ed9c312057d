package dev.itsm.connectors.cmdb;

import dev.itsm.core.model.ConfigItem;
import dev.itsm.core.model.Relation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The CMDB in memory, for enrichment: CIs by id and by what alerts call them, relations in both directions, and the
 * business services a CI supports.
 *
 * <pre>{@code
 * CmdbIndex cmdb = CmdbIndex.of(CmdbFiles.load(path).snapshot());
 * Optional<ConfigItem> ci = cmdb.resolve(alert.ciId(), alert.hostName(), alert.hostIp(), alert.serviceName());
 * List<String> services = cmdb.businessServicesOf(ci.get().id());
 * cmdb.apply(change);   // a change from the itsm.cmdb topic
 * }</pre>
 *
 * <p>Immutable-ish: everything it hands out is immutable, and it changes only through {@link #apply}. It is not
 * thread-safe and not serialisable on purpose: a job keeps the changes in its broadcast state and rebuilds the index
 * from them ({@link #fromChanges}) after a restore, one per operator instance.
 *
 * <p><b>Name matching</b> (host names and identifiers): case-insensitive; a trailing dot, a {@code :port}, IPv6
 * brackets and, for a URL, the scheme and path are ignored. A host name matches an identifier equal to it, or, if
 * none, an identifier equal to its leading labels ({@code db01.example.com} matches {@code db01}), longest first, or,
 * if none, an identifier it is the leading labels of ({@code db01} matches {@code db01.fra1.example.com}). IP
 * addresses are compared whole, never by labels. A name that matches several CIs at the first level that matches
 * at all is <em>ambiguous</em> and resolves to nothing: a wrong CI is worse than none.
 *
 * <p><b>Relations</b> may name CIs that are not (yet) known, and may form cycles; every walk is bounded by a maximum
 * depth and visits each CI once. Deleting a CI keeps its relations (the CMDB deletes those separately, and the CI
 * may come back). Changes are applied in the order given; the compacted topic keeps that order per key.
 */
public final class CmdbIndex {

    /** The {@link ConfigItem#type()} of business services (compared case-insensitively). */
    public static final String BUSINESS_SERVICE = "business_service";

    /** Enough for switch → host → database → application → service with room to spare. */
    public static final int DEFAULT_MAX_DEPTH = 8;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Comparator<Relation> BY_ID = Comparator.comparing(Relation::id);

    private final int maxDepth;
    private final Map<String, ConfigItem> items = new HashMap<>();
    private final Map<String, Relation> relations = new HashMap<>();
    /** normalised identifier → CI ids */
    private final Map<String, Set<String>> byIdentifier = new HashMap<>();
    /** leading labels of a dotted, non-IP identifier (db01, db01.fra1 for db01.fra1.example.com) → CI ids */
    private final Map<String, Set<String>> byLeadingLabels = new HashMap<>();
    /** business service id, name and identifiers, lower case → CI ids */
    private final Map<String, Set<String>> servicesByName = new HashMap<>();
    /** target CI id → ids of relations whose source depends on it */
    private final Map<String, Set<String>> dependents = new HashMap<>();
    /** source CI id → ids of relations it depends through */
    private final Map<String, Set<String>> dependencies = new HashMap<>();
    /** memoised walks, dropped on every change: CI id → its business services */
    private final Map<String, List<String>> servicesMemo = new HashMap<>();
    /** memoised walks, dropped on every change: hops → CI id → its upstream CIs */
    private final Map<Integer, Map<String, List<String>>> upstreamMemo = new HashMap<>();
    /** CI id → region id, per set of boundary types; computed on first use after a change */
    private Map<Set<String>, Map<String, String>> regions;

    /** An empty index whose walks stop after {@code maxDepth} relations. */
    public CmdbIndex(int maxDepth) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0, was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    public static CmdbIndex of(CmdbSnapshot snapshot) {
        return of(snapshot, DEFAULT_MAX_DEPTH);
    }

    public static CmdbIndex of(CmdbSnapshot snapshot, int maxDepth) {
        return fromChanges(snapshot.changes(), maxDepth);
    }

    /** Rebuilds an index from changes, e.g. the values of a job's broadcast state. */
    public static CmdbIndex fromChanges(Iterable<CmdbChange> changes, int maxDepth) {
        CmdbIndex index = new CmdbIndex(maxDepth);
        changes.forEach(index::apply);
        return index;
    }

    /**
     * Applies one change: an upsert replaces the CI or relation with that id, a delete removes it.
     *
     * @return whether the index changed
     */
    public boolean apply(CmdbChange change) {
        boolean changed = applyChange(change);
        if (changed) {
            servicesMemo.clear();
            upstreamMemo.clear();
            regions = null;
        }
        return changed;
    }

    private boolean applyChange(CmdbChange change) {
        if (change.kind() == CmdbChange.Kind.CI) {
            ConfigItem old = change.deleted() ? items.remove(change.id()) : items.put(change.id(), change.item());
            if (old != null) {
                unindex(old);
            }
            if (!change.deleted()) {
                index(change.item());
            }
            return change.deleted() ? old != null : !change.item().equals(old);
        }
        Relation old = change.deleted() ? relations.remove(change.id()) : relations.put(change.id(), change.relation());
        if (old != null) {
            remove(dependents, old.target(), old.id());
            remove(dependencies, old.source(), old.id());
        }
        if (!change.deleted()) {
            add(dependents, change.relation().target(), change.id());
            add(dependencies, change.relation().source(), change.id());
        }
        return change.deleted() ? old != null : !change.relation().equals(old);
    }

    public Optional<ConfigItem> item(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(items.get(id));
    }

    public Optional<Relation> relation(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(relations.get(id));
    }

    public int itemCount() {
        return items.size();
    }

    public int relationCount() {
        return relations.size();
    }

    public int maxDepth() {
        return maxDepth;
    }

    /**
     * The CI an alert is about: the explicit CI id if the CMDB knows it, else the CI its host name matches, else the
     * CI its IP matches, else the business service its service name matches; empty if none matches unambiguously.
     * Every argument may be null.
     */
    public Optional<ConfigItem> resolve(String ciId, String hostName, String hostIp, String serviceName) {
        Optional<ConfigItem> byId = item(ciId == null ? null : ciId.trim());
        if (byId.isPresent()) {
            return byId;
        }
        Optional<ConfigItem> byHost = findByHostName(hostName);
        if (byHost.isPresent()) {
            return byHost;
        }
        Optional<ConfigItem> byIp = findByIp(hostIp);
        return byIp.isPresent() ? byIp : findBusinessService(serviceName);
    }

    /** The one CI whose identifiers match a host name (see the class comment for the rules). */
    public Optional<ConfigItem> findByHostName(String hostName) {
        String name = normaliseName(hostName);
        if (name == null) {
            return Optional.empty();
        }
        Set<String> exact = byIdentifier.get(name);
        if (exact != null) {
            return unique(exact);
        }
        if (isIp(name)) {
            return Optional.empty();
        }
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            Set<String> shorter = byIdentifier.get(name.substring(0, dot));
            if (shorter != null) {
                return unique(shorter);
            }
        }
        Set<String> longer = byLeadingLabels.get(name);
        return longer == null ? Optional.empty() : unique(longer);
    }

    /** The one CI with this IP address among its identifiers (a {@code :port} or brackets are ignored). */
    public Optional<ConfigItem> findByIp(String ip) {
        String key = normaliseName(ip);
        Set<String> ids = key == null ? null : byIdentifier.get(key);
        return ids == null ? Optional.empty() : unique(ids);
    }

    /** The one {@code business_service} CI whose id, name or an identifier equals the name, ignoring case. */
    public Optional<ConfigItem> findBusinessService(String serviceName) {
        String key = lower(serviceName);
        Set<String> ids = key == null ? null : servicesByName.get(key);
        return ids == null ? Optional.empty() : unique(ids);
    }

    /** The relations through which this CI depends on others (it is their source), by relation id. */
    public List<Relation> dependenciesOf(String ciId) {
        return relationsOf(dependencies, ciId);
    }

    /** The relations through which others depend on this CI (it is their target), by relation id. */
    public List<Relation> dependentsOf(String ciId) {
        return relationsOf(dependents, ciId);
    }

    /**
     * Every CI this CI depends on, directly or transitively, up to this index's maximum depth away (the CIs whose
     * failure can explain its alerts), sorted; without the CI itself. Cycle-safe; unknown CIs included.
     */
    public List<String> upstreamOf(String ciId) {
        return reachable(ciId, dependencies, Relation::target, maxDepth);
    }

    /**
     * Every CI that depends on this CI, directly or transitively, up to this index's maximum depth away (the CIs its
     * failure can affect), sorted; without the CI itself. Cycle-safe; unknown CIs included.
     */
    public List<String> downstreamOf(String ciId) {
        return reachable(ciId, dependents, Relation::source, maxDepth);
    }

    private List<String> reachable(String ciId, Map<String, Set<String>> links, Function<Relation, String> next, int maxDepth) {
        if (ciId == null) {
            return List.of();
        }
        Set<String> visited = new TreeSet<>();
        List<String> level = List.of(ciId);
        for (int depth = 0; depth < maxDepth && !level.isEmpty(); depth++) {
            List<String> nextLevel = new ArrayList<>();
            for (String id : level) {
                for (String relationId : links.getOrDefault(id, Set.of())) {
                    String other = next.apply(relations.get(relationId));
                    if (!other.equals(ciId) && visited.add(other)) {
                        nextLevel.add(other);
                    }
                }
            }
            level = nextLevel;
        }
        return List.copyOf(visited);
    }

    /** {@link #businessServicesOf(String, int)} with this index's maximum depth; memoised until the next change. */
    public List<String> businessServicesOf(String ciId) {
        if (ciId == null) {
            return List.of();
        }
        return servicesMemo.computeIfAbsent(ciId, id -> businessServicesOf(id, maxDepth));
    }

    /**
     * Every CI this CI depends on, directly or through at most {@code hops} relations (capped at this index's maximum
     * depth), sorted, without the CI itself; memoised until the next change. Cycle-safe; unknown CIs included.
     */
    public List<String> upstreamOf(String ciId, int hops) {
        if (ciId == null || hops <= 0) {
            return List.of();
        }
        int depth = Math.min(hops, maxDepth);
        return upstreamMemo.computeIfAbsent(depth, d -> new HashMap<>())
                .computeIfAbsent(ciId, id -> reachable(id, dependencies, Relation::target, depth));
    }

    /**
     * The correlation region of a CI: the part of the topology it is connected to through relations in either
     * direction, not passing through CIs of the boundary types, named by the smallest id in it of a CI the index
     * knows (of any CI when it knows none of them). Alerts on CIs of
     * different regions can never be related through the topology (except through a boundary CI), so a job can key
     * its correlation by region.
     *
     * <p>A CI of a boundary type (say a business service, which depends on much of the estate) belongs to no region
     * of its own making: it goes to the region that holds most of its upstream CIs within {@code hops} (ties: the
     * smallest region id), or, when it has no upstream outside the boundary types, a region named by its own id. A CI
     * the index does not know is its own region. Computed for the whole index on first use after a change: O(CIs +
     * relations).
     *
     * @param boundaryTypes CI types, lower case, that do not connect regions
     */
    public String regionOf(String ciId, Set<String> boundaryTypes, int hops) {
        if (ciId == null) {
            return null;
        }
        Map<String, String> regionByCi = regions(boundaryTypes);
        String region = regionByCi.get(ciId);
        if (region != null) {
            return region;
        }
        if (!isBoundary(items.get(ciId), boundaryTypes)) {
            return ciId; // a CI no relation names
        }
        Map<String, Integer> votes = new TreeMap<>();
        for (String upstream : upstreamOf(ciId, hops)) {
            String other = regionByCi.get(upstream);
            if (other == null && !isBoundary(items.get(upstream), boundaryTypes)) {
                other = upstream; // a CI with no relation inside the boundary is a region of its own, named by its id
            }
            if (other != null) {
                votes.merge(other, 1, Integer::sum);
            }
        }
        String best = ciId;
        int most = 0;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (vote.getValue() > most) {
                best = vote.getKey();
                most = vote.getValue();
            }
        }
        return best;
    }

    private Map<String, String> regions(Set<String> boundaryTypes) {
        if (regions == null) {
            regions = new HashMap<>();
        }
        Map<String, String> known = regions.get(boundaryTypes);
        if (known != null) {
            return known;
        }
        // union-find over the relations whose ends are both inside the boundary
        Map<String, String> parent = new HashMap<>();
        for (Relation relation : relations.values()) {
            if (isBoundary(items.get(relation.source()), boundaryTypes) || isBoundary(items.get(relation.target()), boundaryTypes)) {
                continue;
            }
            String a = root(parent, relation.source());
            String b = root(parent, relation.target());
            if (!a.equals(b)) {
                // the smaller id is the root, so a region is named by its smallest CI id
                if (a.compareTo(b) < 0) {
                    parent.put(b, a);
                } else {
                    parent.put(a, b);
                }
            }
        }
        // named by the smallest id of a CI the index knows: a relation to a CI that has not arrived (or never will)
        // must not rename a region, or the alerts of its open incidents would be keyed apart from later ones
        Map<String, String> names = new HashMap<>();
        for (String ci : parent.keySet()) {
            String root = root(parent, ci);
            if (items.containsKey(ci)) {
                names.merge(root, ci, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        Map<String, String> result = new HashMap<>();
        for (String ci : parent.keySet()) {
            String root = root(parent, ci);
            result.put(ci, names.getOrDefault(root, root));
        }
        regions.put(Set.copyOf(boundaryTypes), result);
        return result;
    }

    private static String root(Map<String, String> parent, String ci) {
        parent.putIfAbsent(ci, ci);
        String root = ci;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        for (String at = ci; !at.equals(root); ) { // path compression
            String next = parent.get(at);
            parent.put(at, root);
            at = next;
        }
        return root;
    }

    private static boolean isBoundary(ConfigItem item, Set<String> boundaryTypes) {
        return item != null && boundaryTypes.contains(item.type().toLowerCase(Locale.ROOT));
    }

    /**
     * The ids of the business services this CI supports, sorted: its own {@code service}, and, walking towards its
     * dependents up to {@code maxDepth} relations away, the {@code service} of every CI that depends on it and every
     * {@code business_service} CI that does (including the CI itself if it is one). Cycle-safe: each CI is visited
     * once. A service id need not be a known CI.
     */
    public List<String> businessServicesOf(String ciId, int maxDepth) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0, was " + maxDepth);
        }
        if (ciId == null) {
            return List.of();
        }
        Set<String> services = new TreeSet<>();
        Set<String> visited = new HashSet<>();
        visited.add(ciId);
        List<String> level = List.of(ciId);
        for (int depth = 0; !level.isEmpty(); depth++) {
            List<String> next = new ArrayList<>();
            for (String id : level) {
                ConfigItem item = items.get(id);
                if (item != null) {
                    if (item.service() != null) {
                        services.add(item.service());
                    }
                    if (isBusinessService(item)) {
                        services.add(item.id());
                    }
                }
                if (depth < maxDepth) {
                    for (String relationId : dependents.getOrDefault(id, Set.of())) {
                        String source = relations.get(relationId).source();
                        if (visited.add(source)) {
                            next.add(source);
                        }
                    }
                }
            }
            level = next;
        }
        return List.copyOf(services);
    }

    /** Everything in the index, CIs and relations each sorted by id. */
    public CmdbSnapshot snapshot() {
        List<ConfigItem> sortedItems = new ArrayList<>(items.values());
        sortedItems.sort(Comparator.comparing(ConfigItem::id));
        List<Relation> sortedRelations = new ArrayList<>(relations.values());
        sortedRelations.sort(BY_ID);
        return new CmdbSnapshot(sortedItems, sortedRelations);
    }

    public static boolean isBusinessService(ConfigItem item) {
        return BUSINESS_SERVICE.equalsIgnoreCase(item.type());
    }

    /**
     * A host name, FQDN, IP or identifier as compared: trimmed, lower case, without a URL's scheme and path, a
     * {@code :port}, IPv6 brackets or a trailing dot; null if nothing is left.
     */
    public static String normaliseName(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw.trim().toLowerCase(Locale.ROOT);
        int scheme = name.indexOf("://");
        if (scheme >= 0) {
            name = name.substring(scheme + 3);
            int slash = name.indexOf('/');
            name = slash >= 0 ? name.substring(0, slash) : name;
        }
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end > 0 ? name.substring(1, end) : name;
        } else {
            int colon = name.indexOf(':');
            if (colon >= 0 && colon == name.lastIndexOf(':') && DIGITS.matcher(name.substring(colon + 1)).matches()) {
                name = name.substring(0, colon);
            }
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.isEmpty() ? null : name;
    }

    private static boolean isIp(String name) {
        return name.indexOf(':') >= 0 || IPV4.matcher(name).matches();
    }

    private void index(ConfigItem item) {
        forEachKey(item, (map, key) -> add(map, key, item.id()));
    }

    private void unindex(ConfigItem item) {
        forEachKey(item, (map, key) -> remove(map, key, item.id()));
    }

    private void forEachKey(ConfigItem item, BiConsumer<Map<String, Set<String>>, String> action) {
        for (String identifier : item.identifiers()) {
            String name = normaliseName(identifier);
            if (name == null) {
                continue;
            }
            action.accept(byIdentifier, name);
            if (!isIp(name)) {
                for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                    action.accept(byLeadingLabels, name.substring(0, dot));
                }
            }
        }
        if (isBusinessService(item)) {
            action.accept(servicesByName, lower(item.id()));
            action.accept(servicesByName, lower(item.name()));
            item.identifiers().stream().map(CmdbIndex::lower).filter(Objects::nonNull).forEach(k -> action.accept(servicesByName, k));
        }
    }

    private Optional<ConfigItem> unique(Set<String> ids) {
        return ids.size() == 1 ? Optional.ofNullable(items.get(ids.iterator().next())) : Optional.empty();
    }

    private List<Relation> relationsOf(Map<String, Set<String>> links, String ciId) {
        Set<String> ids = ciId == null ? null : links.get(ciId);
        if (ids == null) {
            return List.of();
        }
        List<Relation> result = new ArrayList<>(ids.size());
        ids.forEach(id -> result.add(relations.get(id)));
        return Collections.unmodifiableList(result);
    }

    private static String lower(String value) {
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static void add(Map<String, Set<String>> map, String key, String id) {
        map.computeIfAbsent(key, k -> new TreeSet<>()).add(id);
    }

    private static void remove(Map<String, Set<String>> map, String key, String id) {
        Set<String> ids = map.get(key);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            map.remove(key);
        }
    }
}
