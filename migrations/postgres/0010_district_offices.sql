-- The district office (ที่ว่าการอำเภอ) of each amphoe: where a visit day starts by default.
-- Seeded with APPROXIMATE positions (the centroid of the amphoe's first tambon, usually its
-- seat, from the thailand-geodata set); admins and coordinators correct them on the map page.
CREATE TABLE district_offices (
    amphoe_code TEXT PRIMARY KEY REFERENCES amphoes(code),
    name_th     TEXT NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
    name_en     TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    lat         DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN 5.5 AND 20.5),
    lon         DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN 97.3 AND 105.7),
    is_approximate BOOLEAN NOT NULL DEFAULT TRUE,
    updated_at  TEXT,
    updated_by  BIGINT REFERENCES users(id)
);

INSERT INTO district_offices (amphoe_code, name_th, name_en, lat, lon) VALUES
    ('3301', 'ที่ว่าการอำเภอเมืองศรีสะเกษ', 'Mueang Si Sa Ket District Office', 15.103, 104.336),
    ('3302', 'ที่ว่าการอำเภอยางชุมน้อย', 'Yang Chum Noi District Office', 15.26, 104.401),
    ('3303', 'ที่ว่าการอำเภอกันทรารมย์', 'Kanthararom District Office', 15.113, 104.578),
    ('3304', 'ที่ว่าการอำเภอกันทรลักษ์', 'Kantharalak District Office', 14.535, 104.714),
    ('3305', 'ที่ว่าการอำเภอขุขันธ์', 'Khukhan District Office', 14.717, 104.07),
    ('3306', 'ที่ว่าการอำเภอไพรบึง', 'Phrai Bueng District Office', 14.744, 104.373),
    ('3307', 'ที่ว่าการอำเภอปรางค์กู่', 'Prang Ku District Office', 14.835, 104.032),
    ('3308', 'ที่ว่าการอำเภอขุนหาญ', 'Khun Han District Office', 14.625, 104.436),
    ('3309', 'ที่ว่าการอำเภอราษีไศล', 'Rasi Salai District Office', 15.356, 104.159),
    ('3310', 'ที่ว่าการอำเภออุทุมพรพิสัย', 'Uthumphon Phisai District Office', 15.1, 104.15),
    ('3311', 'ที่ว่าการอำเภอบึงบูรพ์', 'Bueng Bun District Office', 15.297, 104.06),
    ('3312', 'ที่ว่าการอำเภอห้วยทับทัน', 'Huai Thap Than District Office', 15.065, 104.044),
    ('3313', 'ที่ว่าการอำเภอโนนคูณ', 'Non Khun District Office', 14.899, 104.71),
    ('3314', 'ที่ว่าการอำเภอศรีรัตนะ', 'Si Rattana District Office', 14.766, 104.476),
    ('3315', 'ที่ว่าการอำเภอน้ำเกลี้ยง', 'Nam Kliang District Office', 14.917, 104.55),
    ('3316', 'ที่ว่าการอำเภอวังหิน', 'Wang Hin District Office', 14.957, 104.209),
    ('3317', 'ที่ว่าการอำเภอภูสิงห์', 'Phu Sing District Office', 14.549, 104.203),
    ('3318', 'ที่ว่าการอำเภอเมืองจันทร์', 'Mueang Chan District Office', 15.155, 104.011),
    ('3319', 'ที่ว่าการอำเภอเบญจลักษ์', 'Benchalak District Office', 14.799, 104.668),
    ('3320', 'ที่ว่าการอำเภอพยุห์', 'Phayu District Office', 14.935, 104.387),
    ('3321', 'ที่ว่าการอำเภอโพธิ์ศรีสุวรรณ', 'Pho Si Suwan District Office', 15.204, 104.078),
    ('3322', 'ที่ว่าการอำเภอศิลาลาด', 'Sila Lat District Office', 15.474, 104.084);

-- The map reads households by bounding box.
CREATE INDEX households_position ON households(lat, lon);
