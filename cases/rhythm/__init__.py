"""The insurer's service rhythm: welcome call, yearly prevention check and relapse prevention."""
