from rest_framework.routers import DefaultRouter

from snippets.api.views import SnippetViewSet

router = DefaultRouter()
router.register("snippets", SnippetViewSet, basename="snippet")
urlpatterns = router.urls
