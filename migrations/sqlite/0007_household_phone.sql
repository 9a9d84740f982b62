-- The household's contact phone (the head's or a relative's), for the field app's call button.
-- Digits only with an optional leading +, as typed in Thailand (0812345678, 045612345).
ALTER TABLE households ADD COLUMN phone TEXT CHECK (phone IS NULL OR length(phone) BETWEEN 9 AND 13);
