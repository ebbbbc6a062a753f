-- The demo realm's users (infra/keycloak realm, platform-test TestUser): same ids and claims.
-- Loaded only while spring.flyway.locations includes classpath:db/demo (the local default); production leaves it out
-- and syncs the directory from Keycloak (PUT /api/directory/users/{id}, see README).
INSERT INTO directory_users (user_id, username, email, agency, municipality, unit, roles) VALUES
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b01', 'anna',    'anna@haninge.example',    'SOCIAL_SERVICES', '0136', 'haninge-ungdom',   '{social-worker}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b07', 'amir',    'amir@haninge.example',    'SOCIAL_SERVICES', '0136', 'haninge-ungdom',   '{social-worker}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b02', 'bertil',  'bertil@haninge.example',  'SOCIAL_SERVICES', '0136', 'haninge-avhopp',   '{social-worker}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b03', 'cecilia', 'cecilia@haninge.example', 'SOCIAL_SERVICES', '0136', 'haninge-ungdom',   '{supervisor}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b04', 'david',   'david@polisen.example',   'POLICE',          '0136', 'polisen-haninge',  '{police-liaison}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b05', 'eva',     'eva@haninge.example',     'MUNICIPALITY',    '0136', 'haninge-dataskydd','{compliance-officer}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b06', 'frida',   'frida@haninge.example',   'MUNICIPALITY',    '0136', 'haninge-it',       '{administrator}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b08', 'goran',   'goran@botkyrka.example',  'SOCIAL_SERVICES', '0127', 'botkyrka-avhopp',  '{exit-coordinator}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b10', 'gunilla', 'gunilla@botkyrka.example','SOCIAL_SERVICES', '0127', 'botkyrka-avhopp',  '{exit-coordinator}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b0e', 'hanna',   'hanna@botkyrka.example',  'MUNICIPALITY',    '0127', 'botkyrka-dataskydd','{compliance-officer}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b15', 'ingrid',  'ingrid@haninge.example',  'MUNICIPALITY',    '0136', 'haninge-skola',    '{concern-reporter}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b16', 'jonas',   'jonas@haninge.example',   'MUNICIPALITY',    '0136', 'haninge-faltassistenter','{concern-reporter}'),
    ('6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6e15', 'alva',    'alva@haninge.example',    'MUNICIPALITY',    '0136', 'haninge-analys',   '{analyst}')
ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, email = excluded.email, agency = excluded.agency,
    municipality = excluded.municipality, unit = excluded.unit, roles = excluded.roles, active = true, updated_at = now();
