<?php

namespace App\Http\Requests;

class LoginRequest extends FormRequest
{
    public function rules(): array
    {
        return [
            'email' => 'required|email',
            'password' => 'required|string|min:8', ⟦FP hardcoded-secret⟧
            'client_secret' => 'required|string', ⟦FP hardcoded-secret⟧
            'api_token' => ['nullable', 'string', 'size:40'], ⟦FP hardcoded-secret⟧
            'password_confirmation' => 'same:password',
        ];
    }

    public function messages(): array
    {
        return [
            'password.required' => 'A password is required', ⟦FP hardcoded-secret⟧
        ];
    }
}
