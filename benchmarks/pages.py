"""The key pages the benchmark measures (filled in as the apps land)."""

PAGES = [
    {"name": "dashboard (staff)", "user": "staff@ystad.example", "path": "/"},
    {"name": "dashboard (officer)", "user": "officer@ystad.example", "path": "/"},
    {"name": "dashboard (coordinator)", "user": "coordinator@ystad.example", "path": "/"},
    {"name": "dashboard (supplier portal home)", "user": "supplier@myloc.example", "path": "/"},
    {"name": "notifications", "user": "staff@ystad.example", "path": "/notifications/"},
    {
        "name": "organisations search",
        "user": "staff@ystad.example",
        "path": "/organisations/?q=sk",
        "admin": "/admin/organizations/organization/?q=sk",
    },
]
THROUGHPUT = None
