"""Django's Redis cache, reusing one client per connection pool.

Django builds a new `redis.Redis` client for every cache operation; constructing one
fills a dict of ~200 response callbacks, which costs more than the round trip itself on
a page that reads the cache a few times. The client is thread-safe (the pool is), so
one per pool is enough. Behaviour is otherwise Django's own.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingClient
