"""Tests of the local Blaxel API (`blaxel_pulumi.emulator`) over real HTTP."""
