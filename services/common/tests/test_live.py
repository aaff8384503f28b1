"""Live pushes to a person's group on the channel layer."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import channel_layers, get_channel_layer

from tts_common.live import NOTIFICATION_EVENT, live_enabled, push_to_user, redis_layer_host, user_group


@pytest.fixture
def layer(settings):
    def use(config):
        settings.CHANNEL_LAYERS = {"default": config}
        channel_layers.backends = {}
        return get_channel_layer()

    yield use
    channel_layers.backends = {}


def test_each_person_has_one_group():
    assert user_group(7) == "notifications.user.7"
    assert user_group("7") == user_group(7)


def test_without_a_shared_layer_nothing_is_pushed(layer):
    layer({"BACKEND": "channels.layers.InMemoryChannelLayer"})

    assert live_enabled() is False
    assert push_to_user(7, {"type": NOTIFICATION_EVENT, "notification": {"id": 1}}) is False


@pytest.mark.integration
def test_a_push_reaches_every_socket_of_that_person_and_nobody_else(layer, redis_url):
    redis_layer = layer({"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [redis_layer_host(redis_url)]}})
    mine = async_to_sync(redis_layer.new_channel)()
    also_mine = async_to_sync(redis_layer.new_channel)()
    someone_else = async_to_sync(redis_layer.new_channel)()
    for channel, user_id in ((mine, 7), (also_mine, 7), (someone_else, 8)):
        async_to_sync(redis_layer.group_add)(user_group(user_id), channel)

    event = {"type": NOTIFICATION_EVENT, "notification": {"id": 42, "subject": "New task"}}
    assert push_to_user(7, event) is True

    assert async_to_sync(redis_layer.receive)(mine) == event
    assert async_to_sync(redis_layer.receive)(also_mine) == event

    async def nothing_for(channel):
        import asyncio

        try:
            await asyncio.wait_for(redis_layer.receive(channel), timeout=0.5)
        except TimeoutError:
            return True
        return False

    assert async_to_sync(nothing_for)(someone_else)
