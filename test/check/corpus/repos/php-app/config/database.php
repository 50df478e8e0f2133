<?php

return [
    'connections' => [
        'mysql' => [
            'host' => env('DB_HOST', '127.0.0.1'),
            'password' => env('DB_PASSWORD', ''), ⟦FP hardcoded-secret⟧
        ],
        'legacy' => [
            'password' => 'secret', ⟦TP hardcoded-secret⟧
        ],
    ],
];
