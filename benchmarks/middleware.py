from django.db import connection


class QueryCountHeaderMiddleware:
    """Adds `X-Query-Count` (SQL queries this request made) to every response.

    Mounted by benchmarks/settings.py only: the benchmark (benchmarks/run.py) reads it
    from a production-like server.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response.headers["X-Query-Count"] = str(count)
        return response
