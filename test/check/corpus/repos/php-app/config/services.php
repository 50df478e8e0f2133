<?php

return [
    'stripe' => [
        'key' => env('STRIPE_KEY'),
        'secret' => env('STRIPE_SECRET'), ⟦FP hardcoded-secret⟧
        'webhook_secret' => '%%GEN:STRIPE_LIVE%%', ⟦TP hardcoded-secret fmt⟧
    ],
    'mailgun' => [
        'secret' => 'key-%%GEN:HEX32%%', ⟦TP hardcoded-secret⟧
    ],
    'sendgrid' => [
        'api_key' => '%%GEN:SENDGRID%%', ⟦TP hardcoded-secret fmt⟧
    ],
    'twilio' => [
        'sid' => env('TWILIO_SID'),
        'token' => env('TWILIO_TOKEN'), ⟦FP hardcoded-secret⟧
    ],
];
