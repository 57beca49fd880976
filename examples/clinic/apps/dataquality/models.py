from django.db import models


class QualityIssue(models.Model):
    practice = models.ForeignKey("sync.Practice", on_delete=models.CASCADE, related_name="quality_issues")
    check = models.CharField(max_length=64)
    object_ref = models.CharField(max_length=64)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice", "check", "object_ref"], name="uniq_issue_per_object"),
        ]


class DailyDigest(models.Model):
    day = models.DateField(unique=True)
    open_issues = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)


class DuplicateCandidate(models.Model):
    left = models.ForeignKey("sync.Patient", on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("sync.Patient", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="uniq_duplicate_pair"),
        ]
