"""Structured (JSON) log lines that carry what operators need and nothing about the people helped.

Only the method and path of a request are logged: never its body, query string, cookies or
headers, so triage answers (POSTed) and passwords cannot reach the logs.
"""

import json
import logging
import re
from datetime import UTC, datetime

# A query string in any message (the development server logs whole request lines): cut at "?".
QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": QUERY.sub(r"\1", record.getMessage()),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            data["method"], data["path"] = request.method, request.path
        if getattr(record, "status_code", None):
            data["status"] = record.status_code
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)
