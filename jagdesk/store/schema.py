"""The schema, as an ordered set of ``sqlite_utils.Migrations``.

Never edit a migration that has shipped: add a new one. ``SCHEMA_VERSION`` is the number of
migrations and is also written to ``PRAGMA user_version`` so other tools can read it.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

# "JAGD" in ASCII; marks a file as a JagDesk database for `PRAGMA application_id`.
APPLICATION_ID = 0x4A414744

migrations = Migrations("jagdesk")

_RECORD_COLUMNS = """
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
"""

_TABLES = {
    "meta": """
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    """,
    "lookup": """
        list_name TEXT NOT NULL,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (list_name, code)
    """,
    "area": f"""
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES area(id) ON DELETE SET NULL,
        geometry TEXT NOT NULL,
        min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
        {_RECORD_COLUMNS},
        UNIQUE (kind, code)
    """,
    "partner": f"""
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        partner_type TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        {_RECORD_COLUMNS}
    """,
    "contact": f"""
        id TEXT PRIMARY KEY,
        partner_id TEXT NOT NULL REFERENCES partner(id),
        name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        area_id TEXT REFERENCES area(id) ON DELETE SET NULL,
        is_spoc INTEGER NOT NULL DEFAULT 0,
        valid_from TEXT,
        valid_to TEXT,
        {_RECORD_COLUMNS}
    """,
    "hotspot": f"""
        id TEXT PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        geometry TEXT NOT NULL,
        radius_m REAL,
        min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
        problem_type TEXT NOT NULL DEFAULT '',
        asb_category TEXT,
        status TEXT NOT NULL,
        rag TEXT NOT NULL,
        lead_partner_id TEXT REFERENCES partner(id),
        lead_officer TEXT NOT NULL DEFAULT '',
        designation TEXT NOT NULL DEFAULT '',
        ward_id TEXT REFERENCES area(id) ON DELETE SET NULL,
        lsoa_code TEXT NOT NULL DEFAULT '',
        local_authority_id TEXT REFERENCES area(id) ON DELETE SET NULL,
        opened_on TEXT,
        review_due TEXT,
        closed_on TEXT,
        {_RECORD_COLUMNS}
    """,
    "import_batch": """
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        file_name TEXT NOT NULL,
        force TEXT NOT NULL DEFAULT '',
        month TEXT NOT NULL DEFAULT '',
        rows_read INTEGER NOT NULL DEFAULT 0,
        rows_stored INTEGER NOT NULL DEFAULT 0,
        rows_no_location INTEGER NOT NULL DEFAULT 0,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL DEFAULT ''
    """,
    "incident": """
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        source_key TEXT NOT NULL DEFAULT '',
        month TEXT NOT NULL,
        occurred_at TEXT,
        category TEXT NOT NULL,
        lon REAL,
        lat REAL,
        location TEXT NOT NULL DEFAULT '',
        lsoa_code TEXT NOT NULL DEFAULT '',
        lsoa_name TEXT NOT NULL DEFAULT '',
        ward_code TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        force TEXT NOT NULL DEFAULT '',
        reported_by TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        batch_id TEXT REFERENCES import_batch(id) ON DELETE CASCADE
    """,
    "plan": f"""
        id TEXT PRIMARY KEY,
        hotspot_id TEXT NOT NULL UNIQUE REFERENCES hotspot(id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        objective TEXT NOT NULL DEFAULT '',
        scanning TEXT NOT NULL DEFAULT '',
        analysis TEXT NOT NULL DEFAULT '',
        response TEXT NOT NULL DEFAULT '',
        assessment TEXT NOT NULL DEFAULT '',
        victim TEXT NOT NULL DEFAULT '',
        offender TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        guardian TEXT NOT NULL DEFAULT '',
        handler TEXT NOT NULL DEFAULT '',
        manager TEXT NOT NULL DEFAULT '',
        success_measures TEXT NOT NULL DEFAULT '',
        evidence_basis TEXT NOT NULL DEFAULT '',
        closure_outcome TEXT NOT NULL DEFAULT '',
        closure_what_worked TEXT NOT NULL DEFAULT '',
        closure_what_did_not TEXT NOT NULL DEFAULT '',
        sustainability_check_on TEXT,
        closed_on TEXT,
        {_RECORD_COLUMNS}
    """,
    "framework": f"""
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        area TEXT NOT NULL DEFAULT '',
        period TEXT NOT NULL DEFAULT '',
        source_file TEXT NOT NULL DEFAULT '',
        {_RECORD_COLUMNS}
    """,
    "framework_item": f"""
        id TEXT PRIMARY KEY,
        framework_id TEXT NOT NULL REFERENCES framework(id),
        parent_id TEXT REFERENCES framework_item(id),
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        text TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        active_from TEXT,
        active_to TEXT,
        source_file TEXT NOT NULL DEFAULT '',
        {_RECORD_COLUMNS},
        UNIQUE (framework_id, ref)
    """,
    "plan_framework_item": """
        plan_id TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        framework_item_id TEXT NOT NULL REFERENCES framework_item(id),
        PRIMARY KEY (plan_id, framework_item_id)
    """,
    "tactic": f"""
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'tactic',
        legislation TEXT NOT NULL DEFAULT '',
        max_duration_days INTEGER,
        description TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        {_RECORD_COLUMNS}
    """,
    "response": f"""
        id TEXT PRIMARY KEY,
        plan_id TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        tactic_id TEXT NOT NULL REFERENCES tactic(id),
        description TEXT NOT NULL DEFAULT '',
        started_on TEXT,
        expires_on TEXT,
        geometry TEXT,
        {_RECORD_COLUMNS}
    """,
    "meeting": f"""
        id TEXT PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        held_at TEXT NOT NULL,
        area_id TEXT REFERENCES area(id) ON DELETE SET NULL,
        place TEXT NOT NULL DEFAULT '',
        chair TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        {_RECORD_COLUMNS}
    """,
    "action": f"""
        id TEXT PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        owner_partner_id TEXT NOT NULL REFERENCES partner(id),
        owner_contact_id TEXT REFERENCES contact(id) ON DELETE SET NULL,
        status TEXT NOT NULL,
        started_on TEXT,
        due_on TEXT,
        completed_on TEXT,
        plan_id TEXT REFERENCES plan(id) ON DELETE CASCADE,
        hotspot_id TEXT REFERENCES hotspot(id) ON DELETE CASCADE,
        meeting_id TEXT REFERENCES meeting(id) ON DELETE SET NULL,
        pat_side TEXT,
        tactic_id TEXT REFERENCES tactic(id),
        {_RECORD_COLUMNS}
    """,
    "action_update": f"""
        id TEXT PRIMARY KEY,
        action_id TEXT NOT NULL REFERENCES action(id) ON DELETE CASCADE,
        "on" TEXT NOT NULL,
        note TEXT NOT NULL,
        status TEXT,
        {_RECORD_COLUMNS}
    """,
    "meeting_attendee": f"""
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        partner_id TEXT NOT NULL REFERENCES partner(id),
        contact_id TEXT REFERENCES contact(id) ON DELETE SET NULL,
        name TEXT NOT NULL DEFAULT '',
        attendance TEXT NOT NULL,
        {_RECORD_COLUMNS}
    """,
    "agenda_item": f"""
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        hotspot_id TEXT REFERENCES hotspot(id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        decision TEXT NOT NULL DEFAULT '',
        {_RECORD_COLUMNS}
    """,
    "audit_log": """
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        operation TEXT NOT NULL,
        class TEXT NOT NULL,
        table_name TEXT NOT NULL,
        record_id TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        before TEXT,
        after TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    """,
}

_INDEXES = [
    "CREATE INDEX idx_area_kind ON area(kind)",
    "CREATE INDEX idx_contact_partner ON contact(partner_id)",
    "CREATE INDEX idx_hotspot_status ON hotspot(status)",
    "CREATE INDEX idx_incident_month_category ON incident(month, category)",
    "CREATE INDEX idx_incident_batch ON incident(batch_id)",
    "CREATE INDEX idx_incident_force_month ON incident(force, month)",
    "CREATE INDEX idx_framework_item_framework ON framework_item(framework_id)",
    "CREATE INDEX idx_response_plan ON response(plan_id)",
    "CREATE INDEX idx_action_partner_due ON action(owner_partner_id, due_on)",
    "CREATE INDEX idx_action_plan ON action(plan_id)",
    "CREATE INDEX idx_action_hotspot ON action(hotspot_id)",
    "CREATE INDEX idx_action_meeting ON action(meeting_id)",
    "CREATE INDEX idx_action_update_action ON action_update(action_id)",
    "CREATE INDEX idx_attendee_meeting ON meeting_attendee(meeting_id)",
    "CREATE INDEX idx_agenda_meeting ON agenda_item(meeting_id, position)",
    "CREATE INDEX idx_audit_record ON audit_log(table_name, record_id)",
]

# The audit log is append-only: the database itself refuses edits and deletes.
_AUDIT_TRIGGERS = [
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]


@migrations(name="0001_initial")
def _initial(db: Database) -> None:
    for table, columns in _TABLES.items():
        db.execute(f"CREATE TABLE {table} ({columns})")
    # R*Tree over incident coordinates (from 0003 over distinct points; see there).
    db.execute(
        "CREATE VIRTUAL TABLE incident_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat)"
    )
    for statement in _INDEXES + _AUDIT_TRIGGERS:
        db.execute(statement)
    db.execute("DELETE FROM incident_rtree")  # keeps the virtual table's shadow tables created


@migrations(name="0002_search")
def _search(db: Database) -> None:
    # Full-text search over the JAG's working record; triggers keep it in step with the tables.
    searched = {
        "hotspot": ["ref", "name", "description", "problem_type", "designation"],
        "plan": ["objective", "scanning", "analysis", "response", "assessment", "location",
                 "success_measures"],
        "action": ["ref", "title", "description"],
    }
    for table, columns in searched.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="porter")


@migrations(name="0003_incident_points")
def _incident_points(db: Database) -> None:
    # police.uk snaps every crime to one of a few anonymised map points (99k rows of a force-year
    # sit on about 11k points), so the R*Tree indexes distinct points and incidents point at them.
    # Filling an R*Tree is the slowest part of an import; this makes it several times cheaper.
    db.execute("CREATE TABLE incident_point (id INTEGER PRIMARY KEY, lon REAL NOT NULL, "
               "lat REAL NOT NULL, UNIQUE (lon, lat))")
    db.execute("ALTER TABLE incident ADD COLUMN point_id INTEGER")
    db.execute("INSERT INTO incident_point (lon, lat) "
               "SELECT DISTINCT lon, lat FROM incident WHERE lon IS NOT NULL AND lat IS NOT NULL")
    db.execute("UPDATE incident SET point_id = (SELECT p.id FROM incident_point p "
               "WHERE p.lon = incident.lon AND p.lat = incident.lat) WHERE lon IS NOT NULL")
    db.execute("DELETE FROM incident_rtree")
    db.execute("INSERT INTO incident_rtree (id, min_lon, max_lon, min_lat, max_lat) "
               "SELECT id, lon, lon, lat, lat FROM incident_point")
    db.execute("CREATE INDEX idx_incident_point ON incident(point_id)")
    # Replacing a force's month goes through its import batches, so this index only cost time.
    db.execute("DROP INDEX IF EXISTS idx_incident_force_month")


@migrations(name="0004_meeting_agenda")
def _meeting_agenda(db: Database) -> None:
    # The agenda is built for the chair: each item keeps why it was proposed ("kind" and a one-line
    # brief), and a meeting may name the date of the next one, which bounds "actions due soon".
    db.execute("ALTER TABLE meeting ADD COLUMN next_meeting_on TEXT")
    db.execute("ALTER TABLE agenda_item ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'")
    db.execute("ALTER TABLE agenda_item ADD COLUMN brief TEXT NOT NULL DEFAULT ''")


@migrations(name="0005_point_filter_index")
def _point_filter_index(db: Database) -> None:
    # Hotspot and map-view counts group incidents by point and filter them by period and
    # category; with those columns in the point index, SQLite answers from the index alone.
    db.execute("DROP INDEX IF EXISTS idx_incident_point")
    db.execute("CREATE INDEX idx_incident_point_filter ON incident(point_id, month, category)")


@migrations(name="0006_point_totals")
def _point_totals(db: Database) -> None:
    # Each point keeps how many incidents sit on it, so an unfiltered map view or count reads a
    # few thousand points instead of the hundreds of thousands of incidents on them.
    db.execute("ALTER TABLE incident_point ADD COLUMN incidents INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE incident_point SET incidents = "
               "(SELECT COUNT(*) FROM incident i WHERE i.point_id = incident_point.id)")


# Labels the incident rows share, stored once: sources, categories, outcomes, forces, reporters.
_LABEL_COLUMNS = ("source", "category", "outcome", "force", "reported_by")


@migrations(name="0007_compact_incidents")
def _compact_incidents(db: Database) -> None:
    # A police.uk row repeats long strings: its category, outcome and force, and the location
    # and LSOA of the point it is snapped to. Storing each once, and the rows as small numbers,
    # makes the rows a quarter of the size and a force-year's import three times faster.
    # ``incident`` becomes a view with the old columns, so every reader sees what it saw.
    db.execute("CREATE TABLE incident_label (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)")
    # A place is a point (or no point) with the location and areas the rows give it.
    db.execute("CREATE TABLE incident_place (id INTEGER PRIMARY KEY, point_id INTEGER, "
               "location TEXT NOT NULL DEFAULT '', lsoa_code TEXT NOT NULL DEFAULT '', "
               "lsoa_name TEXT NOT NULL DEFAULT '', ward_code TEXT NOT NULL DEFAULT '')")
    db.execute("CREATE INDEX idx_incident_place_point ON incident_place(point_id)")
    # Rows name their batch by a small number rather than its 36-character id.
    db.execute("ALTER TABLE import_batch ADD COLUMN no INTEGER")
    db.execute("UPDATE import_batch SET no = rowid")
    db.execute("CREATE UNIQUE INDEX idx_import_batch_no ON import_batch(no)")
    db.execute("""CREATE TABLE incident_record (
        id INTEGER PRIMARY KEY,
        batch_no INTEGER,
        source INTEGER NOT NULL,
        source_key TEXT NOT NULL DEFAULT '',
        month TEXT NOT NULL,
        occurred_at TEXT,
        category INTEGER NOT NULL,
        point_id INTEGER,
        place_id INTEGER NOT NULL,
        outcome INTEGER NOT NULL,
        force INTEGER NOT NULL,
        reported_by INTEGER NOT NULL,
        context TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '')""")
    _copy_incidents(db)
    db.execute("DROP TABLE incident")
    db.execute("CREATE INDEX idx_incident_record_point ON incident_record(point_id, month, category)")
    db.execute("CREATE INDEX idx_incident_record_batch ON incident_record(batch_no)")
    # Trends count by month and category over the whole area.
    db.execute("CREATE INDEX idx_incident_record_month ON incident_record(month, category)")
    db.execute(_INCIDENT_VIEW)


def _copy_incidents(db: Database) -> None:
    labels = " UNION ".join(f"SELECT {column} FROM incident" for column in _LABEL_COLUMNS)
    db.execute(f"INSERT INTO incident_label (text) {labels}")
    db.execute("INSERT INTO incident_place (point_id, location, lsoa_code, lsoa_name, ward_code) "
               "SELECT DISTINCT point_id, location, lsoa_code, lsoa_name, ward_code FROM incident")
    label_ids = ", ".join(f"(SELECT id FROM incident_label WHERE text = i.{column})"
                          for column in _LABEL_COLUMNS)
    db.execute(
        "INSERT INTO incident_record (id, batch_no, source, category, outcome, force, reported_by, "
        "source_key, month, occurred_at, point_id, place_id, context, notes) "
        f"SELECT i.id, b.no, {label_ids}, i.source_key, i.month, i.occurred_at, i.point_id, "
        "(SELECT p.id FROM incident_place p WHERE p.point_id IS i.point_id "
        " AND p.location = i.location AND p.lsoa_code = i.lsoa_code "
        " AND p.lsoa_name = i.lsoa_name AND p.ward_code = i.ward_code), i.context, i.notes "
        "FROM incident i LEFT JOIN import_batch b ON b.id = i.batch_id")


# Every join is a LEFT JOIN on a key, so SQLite leaves out the ones a plain query does not use.
# Aggregates over the view still make every join: the repository counts incident_record.
_INCIDENT_VIEW = """CREATE VIEW incident AS SELECT
    r.id AS id, src.text AS source, r.source_key AS source_key, r.month AS month,
    r.occurred_at AS occurred_at, cat.text AS category, pt.lon AS lon, pt.lat AS lat,
    pl.location AS location, pl.lsoa_code AS lsoa_code, pl.lsoa_name AS lsoa_name,
    pl.ward_code AS ward_code, outcome.text AS outcome, force.text AS force,
    reporter.text AS reported_by, r.context AS context, r.notes AS notes, b.id AS batch_id,
    r.point_id AS point_id
    FROM incident_record r
    LEFT JOIN incident_label src ON src.id = r.source
    LEFT JOIN incident_label cat ON cat.id = r.category
    LEFT JOIN incident_label outcome ON outcome.id = r.outcome
    LEFT JOIN incident_label force ON force.id = r.force
    LEFT JOIN incident_label reporter ON reporter.id = r.reported_by
    LEFT JOIN incident_point pt ON pt.id = r.point_id
    LEFT JOIN incident_place pl ON pl.id = r.place_id
    LEFT JOIN import_batch b ON b.no = r.batch_no"""


@migrations(name="0008_reclaim_space", transactional=False)
def _reclaim_space(db: Database) -> None:
    # Compacting the incidents (0007) leaves the old rows' pages free, and SQLite keeps free
    # pages in the file: a million incidents would stay three times their new size. VACUUM
    # gives the space back; it cannot run inside a transaction, hence its own migration.
    free = int(db.execute("PRAGMA freelist_count").fetchone()[0])
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    if free > pages // 4:
        db.execute("VACUUM")


@migrations(name="0009_batch_id_ranges")
def _batch_id_ranges(db: Database) -> None:
    # A batch's incidents are stored in one statement, so their ids run without a gap. The
    # batch keeps its first and last id and replacing a force's month deletes by id: an index
    # on every incident's batch cost each import a tenth of its time for that one delete.
    db.execute("ALTER TABLE import_batch ADD COLUMN first_incident INTEGER")
    db.execute("ALTER TABLE import_batch ADD COLUMN last_incident INTEGER")
    db.execute("UPDATE import_batch SET (first_incident, last_incident) = "
               "(SELECT MIN(id), MAX(id) FROM incident_record WHERE batch_no = import_batch.no)")
    db.execute("DROP INDEX idx_incident_record_batch")


@migrations(name="0010_month_totals")
def _month_totals(db: Database) -> None:
    # Each month's incidents by category, kept in step by the repository as the point totals
    # are. Whole-area counts (the status bar, trends, the filter's months and categories) read
    # a few hundred totals, and an import no longer adds an entry per incident to an index by
    # month: a force-year of police.uk rows imports about a tenth faster.
    db.execute("CREATE TABLE incident_month (month TEXT NOT NULL, category INTEGER NOT NULL, "
               "incidents INTEGER NOT NULL, PRIMARY KEY (month, category)) WITHOUT ROWID")
    db.execute("INSERT INTO incident_month (month, category, incidents) "
               "SELECT month, category, COUNT(*) FROM incident_record GROUP BY month, category")
    db.execute("DROP INDEX idx_incident_record_month")
    # Only hand-logged incidents carry a time of day; police.uk rows never enter this index.
    db.execute("CREATE INDEX idx_incident_record_timed ON incident_record(month) "
               "WHERE occurred_at IS NOT NULL")


SCHEMA_VERSION = len(migrations._migrations)
