"""Web pages the simulator serves: the hosted-auth wizard (`/hosted/{session_id}`).

Pages are HTML over the world's rules, like the API routes are JSON over them: a handler reads
the form, calls one method of `world.hosted`, and redirects (POST-redirect-GET) or renders a
Jinja2 template from `templates/`. Styles live in `static/`; nothing is loaded from elsewhere.
"""
