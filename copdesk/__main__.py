from copdesk.cli import main

raise SystemExit(main())
