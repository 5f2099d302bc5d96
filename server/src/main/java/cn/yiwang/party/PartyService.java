package cn.yiwang.party;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import cn.yiwang.api.ApiException;
import cn.yiwang.api.Params;
import cn.yiwang.cases.ContactMask;
import cn.yiwang.grid.GridService;
import cn.yiwang.grid.GridSummary;
import cn.yiwang.security.AuditLog;
import cn.yiwang.security.Caller;
import cn.yiwang.security.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

/**
 * Party building reads with role and scope checks: the organisation tree, members (masked), the
 * audited unmasked contact, five-star ratings, per-grid figures, compound coverage and the
 * 15-minute service circle. A requested scope outside the caller's is refused with 403 and, for
 * personal data, an audit entry.
 */
@Singleton
public class PartyService {

    /** Roles that see party figures and the organisation tree. */
    static final Set<Role> READERS = Set.of(Role.ADMIN, Role.OPS, Role.DISPATCHER, Role.GRID_WORKER, Role.ANALYST, Role.PLANNER);
    /** Roles that see the member list (masked). */
    static final Set<Role> MEMBER_READERS = Set.of(Role.ADMIN, Role.OPS, Role.DISPATCHER, Role.GRID_WORKER);
    /** Roles that may see a member's name and phone unmasked (audited). */
    static final Set<Role> UNMASKED_READERS = Set.of(Role.ADMIN, Role.OPS);
    static final Set<String> FIGURE_LEVELS = Set.of("micro", "l3", "l2", "l1", "district");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** A node of the organisation tree. */
    @Serdeable
    public record OrgNode(long id, String level, String levelName, String name, @Nullable String gridCode, @Nullable String compound,
                          int members, int inServiceMembers, int registeredMembers, int contactMembers, int contactHouseholds,
                          @Nullable Double lon, @Nullable Double lat, List<OrgNode> children) {
    }

    /** A member as a list shows it: name and phone masked. */
    @Serdeable
    public record Member(long id, String name, @Nullable String phone, boolean masked, String kind, @Nullable String workUnit,
                         long branchId, String branchName, String homeGrid, @Nullable LocalDate registeredOn, double serviceHours) {
    }

    @Serdeable
    public record Contact(long memberId, String memberName, @Nullable String phone, String buildingId, @Nullable String buildingName,
                          int households) {
    }

    @Serdeable
    public record BranchRating(long id, String gridCode, String name, int year, double score, int stars, List<FiveStarRater.Part> parts) {
    }

    /** Party-building figures of one grid. */
    @Serdeable
    public record GridFigures(String code, @Nullable String name, @Nullable String level, long compounds, long compoundsCovered,
                              @Nullable Double coverage, long branches, long compoundGroups, long contactMembers, long contactHouseholds,
                              long members, long inServiceMembers, long registeredInService, @Nullable Double registrationRate,
                              double serviceHours, long tasks, long openTasks, long claims, long completedClaims, long pointsCredited,
                              long branchesRated, long fiveStarBranches, @Nullable Double averageScore) {
    }

    @Serdeable
    public record Figures(String scope, String level, int year, GridFigures total, List<GridFigures> grids) {
    }

    /**
     * Per micro grid: compounds, those with a party group (= the groups), contact members, their
     * households. The compound view is an aggregate over the buildings: read once.
     */
    private static final String COMPOUND_SUMS = """
            SELECT s.micro_code, count(*), count(o.id), coalesce(sum(k.members), 0), coalesce(sum(k.households), 0)
            FROM party_compound_site s
            LEFT JOIN party_org o ON o.level = 'compound_group' AND o.district_code = s.district_code AND o.compound = s.compound
            LEFT JOIN (SELECT group_id, count(DISTINCT member_id) AS members, sum(households) AS households
                       FROM party_contact GROUP BY group_id) k ON k.group_id = o.id
            WHERE s.micro_code LIKE ? GROUP BY s.micro_code""";
    private static final String BRANCH_SUMS = """
            SELECT grid_code, count(*) FROM party_org WHERE level = 'grid_branch' AND grid_code LIKE ? GROUP BY grid_code""";
    private static final String MEMBER_SUMS = """
            SELECT home_grid, count(*), count(*) FILTER (WHERE kind = 'in_service'),
                   count(*) FILTER (WHERE kind = 'in_service' AND registered_on IS NOT NULL), sum(service_hours) * 10
            FROM party_member WHERE home_grid LIKE ? GROUP BY home_grid""";
    private static final String TASK_SUMS = """
            SELECT t.grid_code, count(*), count(*) FILTER (WHERE t.status = 'open'), sum(t.claimed),
                   coalesce(sum(c.completed), 0), coalesce(sum(c.points), 0)
            FROM volunteer_task t
            LEFT JOIN (SELECT task_id, count(completed_at) AS completed, sum(points) AS points FROM volunteer_claim GROUP BY task_id) c
                   ON c.task_id = t.id
            WHERE t.grid_code LIKE ? GROUP BY t.grid_code""";

    private final PartyRepository repository;
    private final GridService grids;
    private final AuditLog audit;

    public PartyService(PartyRepository repository, GridService grids, AuditLog audit) {
        this.repository = repository;
        this.grids = grids;
        this.audit = audit;
    }

    /** The requested scope (default: the caller's), which must lie inside the caller's; 403 otherwise. */
    String scope(Caller caller, @Nullable String requested, Set<Role> roles, boolean personal, @Nullable String clientIp) {
        if (!roles.contains(caller.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden",
                    "Role '" + caller.role().key() + "' may not read this party-building data.", List.of());
        }
        if (requested == null || requested.isBlank()) {
            return caller.scope();
        }
        String s = requested.strip();
        if (!s.matches("[0-9]{6,24}")) {
            throw ApiException.badParameter("scope", "'" + Params.clip(s) + "' is not a grid code");
        }
        if (!caller.covers(s)) {
            if (personal) {
                audit.record(caller.username(), caller.role().key(), "party.scope.denied", "grid:" + s, clientIp,
                        Map.of("callerScope", caller.scope()));
            }
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/outside-scope",
                    "Grid " + s + " lies outside your scope " + caller.scope() + ".", List.of());
        }
        return s;
    }

    /** The organisation tree under a scope: roots are the organisations whose parent is outside it. */
    public List<OrgNode> tree(Caller caller, @Nullable String requested) {
        String scope = scope(caller, requested, READERS, false, null);
        List<PartyRepository.OrgRow> rows = repository.orgs(scope);
        Map<Long, List<OrgNode>> children = new HashMap<>();
        Map<Long, PartyRepository.OrgRow> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        // Build bottom-up: compound groups (listed last) first.
        List<PartyRepository.OrgRow> reversed = new ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        Map<Long, OrgNode> nodes = new HashMap<>();
        for (PartyRepository.OrgRow r : reversed) {
            nodes.put(r.id(), node(r, children.getOrDefault(r.id(), List.of())));
            if (r.parentId() != null && byId.containsKey(r.parentId())) {
                children.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(0, nodes.get(r.id()));
            }
        }
        List<OrgNode> roots = new ArrayList<>();
        for (PartyRepository.OrgRow r : rows) {
            if (r.parentId() == null || !byId.containsKey(r.parentId())) {
                roots.add(rebuild(nodes.get(r.id()), children));
            }
        }
        return roots;
    }

    private static OrgNode node(PartyRepository.OrgRow r, List<OrgNode> kids) {
        PartyOrgLevel level = PartyOrgLevel.fromKey(r.level());
        return new OrgNode(r.id(), r.level(), level.nameZh(), r.name(), r.gridCode(), r.compound(), r.members(), r.inService(),
                r.registered(), r.contacts(), r.contactHouseholds(), r.lon(), r.lat(), kids);
    }

    /** Children were attached as they were built; the nodes are immutable, so the tree is rebuilt from the map. */
    private static OrgNode rebuild(OrgNode n, Map<Long, List<OrgNode>> children) {
        List<OrgNode> kids = children.getOrDefault(n.id(), List.of()).stream().map(k -> rebuild(k, children)).toList();
        return new OrgNode(n.id(), n.level(), n.levelName(), n.name(), n.gridCode(), n.compound(), n.members(), n.inServiceMembers(),
                n.registeredMembers(), n.contactMembers(), n.contactHouseholds(), n.lon(), n.lat(), kids);
    }

    public List<Member> members(Caller caller, @Nullable String requested, @Nullable Long branchId, @Nullable String kind,
                                boolean registeredOnly, int limit, int offset, @Nullable String clientIp) {
        String scope = scope(caller, requested, MEMBER_READERS, true, clientIp);
        if (kind != null && !Set.of("community", "in_service").contains(kind)) {
            throw ApiException.badParameter("kind", "'" + Params.clip(kind) + "' is not community or in_service");
        }
        return repository.members(scope, branchId, kind, registeredOnly, limit, offset).stream()
                .map(m -> new Member(m.id(), ContactMask.name(m.name()), ContactMask.phone(m.phone()), true, m.kind(), m.workUnit(),
                        m.branchId(), m.branchName(), m.homeGrid(), m.registeredOn(), m.serviceHours()))
                .toList();
    }

    /** One member unmasked: admins and the ops center, in scope; audited. */
    public Member memberUnmasked(Caller caller, long id, @Nullable String clientIp) {
        if (!UNMASKED_READERS.contains(caller.role())) {
            audit.record(caller.username(), caller.role().key(), "party.member.unmask.denied", "party_member:" + id, clientIp, Map.of());
            throw new ApiException(HttpStatus.FORBIDDEN, "/problems/forbidden",
                    "Role '" + caller.role().key() + "' may not see party members' names and phones unmasked.", List.of());
        }
        PartyRepository.MemberRow m = repository.member(id);
        if (m == null || !caller.covers(m.homeGrid())) {
            throw ApiException.notFound("No party member " + id + " within your scope.");
        }
        audit.record(caller.username(), caller.role().key(), "party.member.unmask", "party_member:" + id, clientIp,
                Map.of("homeGrid", m.homeGrid()));
        return new Member(m.id(), m.name(), m.phone(), false, m.kind(), m.workUnit(), m.branchId(), m.branchName(), m.homeGrid(),
                m.registeredOn(), m.serviceHours());
    }

    /** The contact households of a compound party group in scope, member names and phones masked. */
    public List<Contact> contacts(Caller caller, long groupId, @Nullable String clientIp) {
        scope(caller, null, MEMBER_READERS, true, clientIp);
        String grid = repository.orgGrid(groupId);
        if (grid == null || grid.isEmpty() || !caller.covers(grid)) {
            throw ApiException.notFound("No party organisation " + groupId + " within your scope.");
        }
        return repository.contacts(groupId).stream().map(c -> new Contact(c.memberId(), ContactMask.name(c.memberName()),
                ContactMask.phone(c.phone()), c.buildingId(), c.buildingName(), c.households())).toList();
    }

    public int year(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return LocalDate.now(ZONE).getYear();
        }
        try {
            int y = Integer.parseInt(raw.strip());
            if (y >= 2000 && y <= 2100) {
                return y;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badParameter("year", "'" + Params.clip(raw) + "' is not a year between 2000 and 2100");
    }

    public List<BranchRating> ratings(Caller caller, @Nullable String requested, int year) {
        String scope = scope(caller, requested, READERS, false, null);
        return ratings(scope, year);
    }

    private List<BranchRating> ratings(String scope, int year) {
        FiveStarRater rater = repository.rater();
        List<BranchRating> out = new ArrayList<>();
        for (PartyRepository.BranchInputs b : repository.branchInputs(scope, year)) {
            FiveStarRater.Rating r = rater.rate(inputs(b));
            out.add(new BranchRating(b.id(), b.gridCode(), b.name(), year, r.score(), r.stars(), r.parts()));
        }
        return out;
    }

    /** The rating's input values of a branch: an input without a basis (no in-service member, no claim) does not apply. */
    static Map<String, Double> inputs(PartyRepository.BranchInputs b) {
        Map<String, Double> v = new HashMap<>();
        v.put("org_life", b.orgLifeSessions() == null ? null : b.orgLifeSessions().doubleValue());
        v.put("registration", b.inService() == 0 ? null : (double) b.registered() / b.inService());
        v.put("service_hours", b.members() == 0 ? null : b.serviceHours() / b.members());
        v.put("task_completion", b.claims() == 0 ? null : (double) b.completed() / b.claims());
        return v;
    }

    public FiveStarRater rater() {
        return repository.rater();
    }

    /** Per-grid figures at {@code level} for the grids inside the scope, and their total. */
    public Figures figures(Caller caller, @Nullable String requested, @Nullable String rawLevel, int year) {
        String scope = scope(caller, requested, READERS, false, null);
        String level = rawLevel == null ? "l3" : rawLevel.strip();
        if (!FIGURE_LEVELS.contains(level)) {
            throw ApiException.badParameter("level", "'" + Params.clip(level) + "' is not one of micro, l3, l2, l1, district");
        }
        NavigableMap<String, long[]> compounds = index(repository.sums(COMPOUND_SUMS, scope));
        NavigableMap<String, long[]> branches = index(repository.sums(BRANCH_SUMS, scope));
        NavigableMap<String, long[]> members = index(repository.sums(MEMBER_SUMS, scope));
        NavigableMap<String, long[]> tasks = index(repository.sums(TASK_SUMS, scope));
        NavigableMap<String, long[]> stars = new TreeMap<>();
        for (BranchRating r : ratings(scope, year)) {
            stars.merge(r.gridCode(), new long[] {1, r.stars() >= 5 ? 1 : 0, Math.round(r.score() * 10)}, PartyService::add);
        }
        List<GridFigures> out = new ArrayList<>();
        for (GridSummary g : grids.catalog().atLevel(level)) {
            if (g.code().startsWith(scope)) {
                out.add(figures(g.code(), g.name(), g.level(), compounds, branches, members, tasks, stars));
            }
        }
        GridSummary self = grids.catalog().get(scope).orElse(null);
        GridFigures total = figures(scope, self == null ? null : self.name(), self == null ? null : self.level(), compounds, branches,
                members, tasks, stars);
        return new Figures(scope, level, year, total, out);
    }

    private static GridFigures figures(String code, @Nullable String name, @Nullable String level, NavigableMap<String, long[]> compounds,
                                       NavigableMap<String, long[]> branches, NavigableMap<String, long[]> members,
                                       NavigableMap<String, long[]> tasks, NavigableMap<String, long[]> stars) {
        long[] c = sum(compounds, code, 4);
        long[] b = sum(branches, code, 1);
        long[] m = sum(members, code, 4);
        long[] t = sum(tasks, code, 5);
        long[] s = sum(stars, code, 3);
        return new GridFigures(code, name, level, c[0], c[1], c[0] == 0 ? null : ratio(c[1], c[0]), b[0], c[1], c[2], c[3],
                m[0], m[1], m[2], m[1] == 0 ? null : ratio(m[2], m[1]), m[3] / 10.0, t[0], t[1], t[2], t[3], t[4],
                s[0], s[1], s[0] == 0 ? null : Math.round((double) s[2] / s[0]) / 10.0);
    }

    private static double ratio(long a, long b) {
        return Math.round(10000.0 * a / b) / 10000.0;
    }

    /** Sums the rows whose key starts with {@code prefix} (grid codes extend their parent's code). */
    static long[] sum(NavigableMap<String, long[]> rows, String prefix, int width) {
        long[] out = new long[width];
        for (long[] v : rows.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values()) {
            for (int i = 0; i < width && i < v.length; i++) {
                out[i] += v[i];
            }
        }
        return out;
    }

    private static NavigableMap<String, long[]> index(List<PartyRepository.Sums> rows) {
        NavigableMap<String, long[]> out = new TreeMap<>();
        for (PartyRepository.Sums r : rows) {
            if (r.key() != null) {
                out.merge(r.key(), r.values(), PartyService::add);
            }
        }
        return out;
    }

    private static long[] add(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length && i < b.length; i++) {
            out[i] += b[i];
        }
        return out;
    }

    /** Compounds of the scope with their coverage, for the map. */
    public List<PartyRepository.CompoundRow> compounds(Caller caller, @Nullable String requested) {
        return repository.compounds(scope(caller, requested, READERS, false, null));
    }
}
